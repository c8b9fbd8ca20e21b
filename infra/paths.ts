import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root, so synth works from any working directory (CLI, tests). */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export const fromRoot = (...parts: string[]): string => join(projectRoot, ...parts);
