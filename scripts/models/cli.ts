/**
 * `npm run models:generate [-- --family gpt2,gpt_neo --size tiny --dtype fp32,fp16,q8,q4
 *   --out public/models/local --seed 42 --if-missing]`
 *
 * Generates GPT-2 / GPT-Neo models with random weights in the Hub's layout.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, GenerateError, generateModel, modelIsComplete, modelName, parseDtype, parseFamily, parseSize } from './generate.ts';
import { DTYPES, FAMILIES } from '../../src/onnx/spec.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Served by Vite at /models/local/<name>/, the app's local model path. */
export const DEFAULT_OUT = path.join(root, 'public/models/local');

const USAGE = `Usage: npm run models:generate -- [options]
  --family  gpt2,gpt_neo         families (default: both)
  --size    tiny | gpt2-124m     tiny = 2 layers, 64 wide (tests); gpt2-124m = GPT-2 small's shapes
  --dtype   fp32,fp16,q8,q4      weight formats (default: all)
  --out     DIR                  output folder (default: public/models/local)
  --seed    N                    weight seed (default: ${DEFAULT_SEED})
  --layers N --heads N --width N --positions N --window N
                                 change the size's shape (a custom model; width must divide into heads)
  --if-missing                   skip models whose files are already there`;

const list = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        family: { type: 'string', default: FAMILIES.join(',') },
        size: { type: 'string', default: 'tiny' },
        dtype: { type: 'string', default: DTYPES.join(',') },
        out: { type: 'string', default: DEFAULT_OUT },
        seed: { type: 'string', default: String(DEFAULT_SEED) },
        'if-missing': { type: 'boolean', default: false },
        layers: { type: 'string' },
        heads: { type: 'string' },
        width: { type: 'string' },
        positions: { type: 'string' },
        window: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const families = list(values.family).map(parseFamily);
    const size = parseSize(values.size);
    const dtypes = list(values.dtype).map(parseDtype);
    if (!/^-?\d+$/.test(values.seed)) throw new GenerateError(`The seed must be an integer, got "${values.seed}".`);
    const seed = Number(values.seed);
    const integer = (flag: string, value: string | undefined) => {
      if (value === undefined) return undefined;
      if (!/^\d+$/.test(value)) throw new GenerateError(`--${flag} must be a positive integer, got "${value}".`);
      return Number(value);
    };
    const overrides = {
      nLayer: integer('layers', values.layers),
      nHead: integer('heads', values.heads),
      nEmbd: integer('width', values.width),
      nPositions: integer('positions', values.positions),
      windowSize: integer('window', values.window),
    };
    for (const family of families) {
      const name = modelName(family, size, overrides);
      if (values['if-missing'] && modelIsComplete(values.out, family, size, dtypes, overrides)) {
        console.log(`${name}: already generated`);
        continue;
      }
      const started = performance.now();
      const dir = generateModel({
        family,
        size,
        dtypes,
        outDir: values.out,
        seed,
        overrides,
        onFile: (file, bytes) => console.log(`  ${name}/${file} ${(bytes / 1e6).toFixed(1)} MB`),
      });
      console.log(`${name}: written to ${path.relative(process.cwd(), dir) || dir} in ${((performance.now() - started) / 1000).toFixed(1)} s (random weights — for testing the pipeline)`);
    }
    return 0;
  } catch (error) {
    if (error instanceof GenerateError) {
      console.error(`models:generate: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
