/**
 * Which files of a Hub repository the playground needs: the config and tokenizer files, plus one
 * ONNX file per dtype. Newer exports name the ONNX files `onnx/model*.onnx`; older Xenova exports
 * `onnx/decoder_model_merged*.onnx` (the app passes that stem as transformers.js `model_file_name`).
 */
import { DTYPES, ONNX_FILE, type Dtype } from '../../src/onnx/spec.ts';
import { HubError } from './errors.ts';

/** A file in a repository, with its size in bytes when the Hub told us. */
export interface RemoteFile {
  readonly path: string;
  readonly size: number | null;
}

/** Files a model cannot load without. */
export const REQUIRED_FILES = ['config.json', 'tokenizer.json'] as const;
/** Files transformers.js reads when they are there. */
export const OPTIONAL_FILES = ['tokenizer_config.json', 'generation_config.json', 'special_tokens_map.json'] as const;

/** ONNX file stems, preferred first. */
export const ONNX_STEMS = ['model', 'decoder_model_merged'] as const;
export type OnnxStem = (typeof ONNX_STEMS)[number];

/** `onnx/<stem><suffix>.onnx`; the suffixes are the generator's (and transformers.js's) ones. */
export function onnxPath(stem: OnnxStem, dtype: Dtype): string {
  return `onnx/${stem}${ONNX_FILE[dtype].slice('model'.length)}`;
}

/** The dtypes a set of paths has ONNX files for, with the given stem, in `DTYPES` order. */
export function dtypesWithStem(paths: ReadonlySet<string>, stem: OnnxStem): Dtype[] {
  return DTYPES.filter((dtype) => paths.has(onnxPath(stem, dtype)));
}

/** The stem a repository uses: `model` when it has any such ONNX file, else `decoder_model_merged`. */
export function stemOf(paths: ReadonlySet<string>): OnnxStem {
  return ONNX_STEMS.find((stem) => dtypesWithStem(paths, stem).length > 0) ?? 'model';
}

/**
 * The files to download for `dtypes`, config and tokenizer files first (they are small, and a
 * model folder without config.json is not listed as a model). An ONNX file's external weights
 * (`<file>_data`) come along when the repository has them. Throws a `HubError` naming what is
 * missing and what the repository has instead.
 */
export function chooseFiles(id: string, files: readonly RemoteFile[], dtypes: readonly Dtype[]): RemoteFile[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const paths = new Set(byPath.keys());
  const absent = REQUIRED_FILES.filter((file) => !paths.has(file));
  if (absent.length > 0) {
    throw new HubError('missing-file', `${id} has no ${absent.join(' or ')}, so it is not a model transformers.js can load.`);
  }
  const stem = stemOf(paths);
  const missing = dtypes.filter((dtype) => !paths.has(onnxPath(stem, dtype)));
  if (missing.length > 0) {
    const have = dtypesWithStem(paths, stem);
    const wanted = missing.map((dtype) => onnxPath(stem, dtype)).join(', ');
    const offer = have.length > 0 ? `it has: ${have.join(', ')}` : 'it has no ONNX model files';
    throw new HubError('missing-dtype', `${id} has no ${missing.join(' or ')} file (${wanted}); ${offer}`);
  }
  const wantedPaths = [
    ...REQUIRED_FILES,
    ...OPTIONAL_FILES.filter((file) => paths.has(file)),
    ...dtypes.flatMap((dtype) => {
      const onnx = onnxPath(stem, dtype);
      return paths.has(`${onnx}_data`) ? [onnx, `${onnx}_data`] : [onnx];
    }),
  ];
  return [...new Set(wantedPaths)].map((path) => byPath.get(path) ?? { path, size: null });
}

/** Every path worth asking for when the Hub has no file list to give (see hub-listing.ts). */
export function candidatePaths(): string[] {
  return [...REQUIRED_FILES, ...OPTIONAL_FILES, ...ONNX_STEMS.flatMap((stem) => DTYPES.map((dtype) => onnxPath(stem, dtype)))];
}

/** Parses `--dtype q8,q4`; throws a usage error naming the allowed values. */
export function parseDtypes(value: string): Dtype[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new HubError('usage', `--dtype needs at least one of: ${DTYPES.join(', ')}.`);
  return [
    ...new Set(
      names.map((name) => {
        const dtype = DTYPES.find((d) => d === name);
        if (dtype === undefined) throw new HubError('usage', `Unknown dtype "${name}". Use one of: ${DTYPES.join(', ')}.`);
        return dtype;
      }),
    ),
  ];
}
