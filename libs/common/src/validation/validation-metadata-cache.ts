import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Lookup = (
  target: object,
  schema: string | undefined,
  always: boolean,
  strictGroups: boolean,
  groups?: string[],
) => ValidationMetadata[];

interface Storage {
  getTargetValidationMetadatas: Lookup;
  addValidationMetadata(metadata: ValidationMetadata): void;
}

const INSTALLED = Symbol.for('kanri.validationMetadataCache');

/**
 * class-validator finds a class's rules anew on every validation: it walks every class it has rules for (Kanri has
 * well over a hundred DTOs) to collect inherited ones and de-duplicates them pairwise. That lookup was a third of the
 * time of validating one imported CSV row and is repeated for every request body. The rules of a class do not
 * change once its decorators have run, so the answer is kept per class and options, and forgotten whenever a rule is
 * added (a class defined later, e.g. in a test). What is returned is the library's own answer, unchanged; its
 * callers only read it.
 *
 * Installed once per process (the metadata storage is global) by configureApp, before the first request; it then
 * serves the ValidationPipe and the CSV imports' row validation alike.
 */
export function cacheValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as Storage & { [INSTALLED]?: true };
  if (storage[INSTALLED]) return;
  storage[INSTALLED] = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let known = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  storage.addValidationMetadata = (metadata) => {
    known = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // A null-prototype object has no constructor to key on: ask the library.
    if (typeof target !== 'function') return lookup(target, schema, always, strictGroups, groups);
    const key = `${schema ?? ''}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? '-'}`;
    let byOptions = known.get(target);
    if (!byOptions) known.set(target, (byOptions = new Map()));
    let metadatas = byOptions.get(key);
    if (!metadatas) byOptions.set(key, (metadatas = lookup(target, schema, always, strictGroups, groups)));
    return metadatas;
  };
}
