/**
 * The deployed actions, in memory, optionally saved to `<dataDir>/actions.json` so that a
 * restarted whisk-local keeps them.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { type Action, actionRegistryFile, parseActionRegistry, parseJsonText } from '../contracts/index.js';
import { type ActionRef, actionPath } from './action.js';

/** The registry's text; null when there is no file yet (first start). */
async function readRegistryText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(`${file}: cannot read the action registry (${(err as Error).message})`);
  }
}

export class ActionRegistry {
  private readonly actions = new Map<string, Action>();
  private revision = 0;
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string | null) {}

  static async open(file: string | null): Promise<ActionRegistry> {
    const reg = new ActionRegistry(file);
    const text = file === null ? null : await readRegistryText(file);
    if (file !== null && text !== null) {
      // A corrupt registry is refused (a ContractError naming the field), never replaced by an empty one.
      for (const a of parseActionRegistry(parseJsonText(text, { file }), file)) {
        reg.actions.set(a.path, a);
        reg.revision = Math.max(reg.revision, a.revision);
      }
    }
    return reg;
  }

  nextRevision(): number {
    return ++this.revision;
  }

  get(ref: ActionRef): Action | undefined {
    return this.actions.get(actionPath(ref));
  }

  put(action: Action): void {
    this.actions.set(action.path, action);
    this.save();
  }

  delete(ref: ActionRef): Action | undefined {
    const path = actionPath(ref);
    const a = this.actions.get(path);
    if (a) {
      this.actions.delete(path);
      this.save();
    }
    return a;
  }

  /** Most recently updated first, as OpenWhisk lists entities. */
  list(namespace: string, packageName: string | null | undefined): Action[] {
    return [...this.actions.values()]
      .filter((a) => a.namespace === namespace && (packageName === undefined || a.packageName === packageName))
      .sort((a, b) => b.updated - a.updated);
  }

  /** Resolves once every change so far is on disk. */
  flushed(): Promise<void> {
    return this.saving;
  }

  private save(): void {
    const file = this.file;
    if (file === null) return;
    const snapshot = actionRegistryFile([...this.actions.values()]);
    this.saving = this.saving
      .then(async () => {
        await writeFile(`${file}.tmp`, snapshot);
        await rename(`${file}.tmp`, file);
      })
      .catch(() => undefined);
  }
}
