// node run.js model.onnx input.bin d0,d1,d2,d3 output.bin
const ort = require('onnxruntime-node');
const fs = require('fs');
(async () => {
  const [model, inp, dims, out] = process.argv.slice(2);
  const buf = fs.readFileSync(inp);
  const data = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
  const shape = dims.split(',').map(Number);
  const s = await ort.InferenceSession.create(model);
  const feeds = {}; feeds[s.inputNames[0]] = new ort.Tensor('float32', data, shape);
  const r = await s.run(feeds);
  const t = r[s.outputNames[0]];
  fs.writeFileSync(out, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  console.log(t.dims.join(','));
})();
