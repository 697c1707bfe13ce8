#!/bin/sh
# echo (native): reads the parameters (JSON) on stdin and prints them back as the result, the last
# line of stdout; the line on stderr becomes a log line.
input=$(cat)
echo "echo-native: received ${#input} bytes" >&2
printf '%s\n' "$input"
