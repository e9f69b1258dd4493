// Runs a TensorFlow.js graph model from disk on the pure-JS CPU backend and writes its outputs as JSON.
// Expected values for io.crossmodal.models.importer.tfjs tests (see models/TFJS.md).
//
//   node run.mjs --model-json <model.json> --input <raw float32 LE> --shape 1,512,512,3 --out <expected.json>
//               [--input-name tower_0/images] [--full tower_0/detections] [--sample-stride 4099]
//
// Outputs listed with --full (repeatable; default: every output with at most 10000 values) are written in
// full; the others as a fingerprint (shape, sum, sum of |x|, min, max and every <sample-stride>-th value).
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';

function parseArgs(argv) {
  const args = { full: [], sampleStride: 4099 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`missing value for ${key}`);
    switch (key) {
      case '--model-json': args.modelJson = value; break;
      case '--input': args.input = value; break;
      case '--shape': args.shape = value.split(',').map(Number); break;
      case '--out': args.out = value; break;
      case '--input-name': args.inputName = value; break;
      case '--full': args.full.push(value); break;
      case '--sample-stride': args.sampleStride = Number(value); break;
      default: throw new Error(`unknown option ${key}`);
    }
  }
  for (const required of ['modelJson', 'input', 'shape', 'out']) {
    if (!args[required]) throw new Error(`--${required.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} is required`);
  }
  return args;
}

/** model.json + its shards, read from disk (tf.loadGraphModel's fetch loader cannot read file:// in Node). */
function loadArtifacts(modelJsonPath) {
  const json = JSON.parse(readFileSync(modelJsonPath, 'utf8'));
  const base = dirname(resolve(modelJsonPath));
  const weightSpecs = [];
  const buffers = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const path of group.paths) buffers.push(readFileSync(resolve(base, path)));
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
    modelInitializer: json.modelInitializer,
    weightSpecs,
    weightData,
  };
}

const args = parseArgs(process.argv.slice(2));
await tf.setBackend('cpu');
await tf.ready();

const modelBytes = readFileSync(args.modelJson);
const model = await tf.loadGraphModel(tf.io.fromMemory(loadArtifacts(args.modelJson)));
const inputName = args.inputName ?? model.inputs[0].name;
const raw = readFileSync(args.input);
const count = args.shape.reduce((a, b) => a * b, 1);
if (raw.length !== count * 4) throw new Error(`${args.input} has ${raw.length} bytes, expected ${count * 4}`);
const values = new Float32Array(count);
for (let i = 0; i < count; i++) values[i] = raw.readFloatLE(i * 4);
const input = tf.tensor(values, args.shape, 'float32');

const outputNames = model.outputs.map((o) => o.name);
const started = process.hrtime.bigint();
let results = await model.executeAsync({ [inputName]: input }, outputNames);
const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
if (!Array.isArray(results)) results = [results];

const outputs = {};
for (let i = 0; i < outputNames.length; i++) {
  const tensor = results[i];
  const data = Array.from(await tensor.data());
  const full = args.full.length > 0 ? args.full.includes(outputNames[i]) : data.length <= 10000;
  const entry = { shape: tensor.shape, dtype: tensor.dtype };
  if (full) {
    entry.values = data;
  } else {
    let sum = 0, sumAbs = 0, min = Infinity, max = -Infinity;
    for (const v of data) { sum += v; sumAbs += Math.abs(v); if (v < min) min = v; if (v > max) max = v; }
    const samples = [];
    for (let j = 0; j < data.length; j += args.sampleStride) samples.push(data[j]);
    Object.assign(entry, { sum, sumAbs, min, max, sampleStride: args.sampleStride, samples });
  }
  outputs[outputNames[i]] = entry;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const report = {
  generatedBy: `tools/tfjs-fixture/run.mjs, @tensorflow/tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}`,
  model: { file: args.modelJson.split('/').pop(), sha256: sha256(modelBytes) },
  input: { name: inputName, shape: args.shape, dtype: 'float32', sha256: sha256(raw) },
  outputs,
};
writeFileSync(args.out, JSON.stringify(report, null, 1) + '\n');
console.log(`wrote ${args.out}: ${outputNames.join(', ')} in ${elapsedMs.toFixed(0)} ms (${tf.getBackend()})`);
