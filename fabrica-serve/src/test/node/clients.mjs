// Drives a running `fabrica serve` with the official OpenAI client for Node.js, as a user's code would.
//   node clients.mjs BASE_URL API_KEY
// Prints one line per check and "N passed, N failed"; exits non-zero when a check fails.
import OpenAI from 'openai';
import assert from 'node:assert/strict';

const [base, key] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: key, maxRetries: 0 });
let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAILED ${name}: ${e && e.stack ? e.stack : e}`);
  }
}

await check('models.list', async () => {
  const ids = [];
  for await (const m of client.models.list()) ids.push(m.id);
  assert.ok(ids.includes('poems') && ids.includes('fashion'), `ids ${ids}`);
});

let whole;
await check('chat.completions.create', async () => {
  const r = await client.chat.completions.create({
    model: 'poems', messages: [{ role: 'user', content: '明月' }], max_tokens: 10, seed: 4, temperature: 0.8 });
  assert.equal(r.object, 'chat.completion');
  assert.equal(r.choices[0].message.role, 'assistant');
  assert.equal(typeof r.choices[0].message.content, 'string');
  assert.ok(['stop', 'length'].includes(r.choices[0].finish_reason));
  assert.ok(r.usage.completion_tokens >= 1 && r.usage.completion_tokens <= 10);
  whole = r.choices[0].message.content;
});

await check('chat.completions.create stream', async () => {
  const stream = await client.chat.completions.create({
    model: 'poems', messages: [{ role: 'user', content: '明月' }], max_tokens: 10, seed: 4, temperature: 0.8,
    stream: true, stream_options: { include_usage: true } });
  let text = '';
  let usage = null;
  let finish = null;
  for await (const chunk of stream) {
    for (const c of chunk.choices) {
      text += c.delta?.content ?? '';
      finish = c.finish_reason ?? finish;
    }
    usage = chunk.usage ?? usage;
  }
  assert.equal(text, whole);
  assert.ok(['stop', 'length'].includes(finish));
  assert.ok(usage && usage.completion_tokens >= 1);
});

await check('completions.create', async () => {
  const r = await client.completions.create({ model: 'poems', prompt: '床前', max_tokens: 6, seed: 2 });
  assert.equal(r.object, 'text_completion');
  assert.equal(typeof r.choices[0].text, 'string');
});

await check('completions.create stream', async () => {
  let text = '';
  for await (const chunk of await client.completions.create({ model: 'poems', prompt: '床前', max_tokens: 6, seed: 2, stream: true })) {
    text += chunk.choices[0]?.text ?? '';
  }
  const r = await client.completions.create({ model: 'poems', prompt: '床前', max_tokens: 6, seed: 2 });
  assert.equal(text, r.choices[0].text);
});

await check('images.generate b64_json', async () => {
  const r = await client.images.generate({
    model: 'fashion', prompt: 'a pair of trousers', n: 2, size: '256x256', response_format: 'b64_json' });
  assert.equal(r.data.length, 2);
  const png = Buffer.from(r.data[0].b64_json, 'base64');
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.equal(png.readUInt32BE(16), 256); // IHDR width
  assert.equal(r.data[0].revised_prompt, 'Trouser');
});

await check('a wrong key is an AuthenticationError', async () => {
  const bad = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'wrong-key', maxRetries: 0 });
  await assert.rejects(bad.models.list(), e => e instanceof OpenAI.AuthenticationError && e.status === 401
    && e.code === 'invalid_api_key');
});

await check('an unknown model is a NotFoundError', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'a' }] }),
    e => e instanceof OpenAI.NotFoundError && e.status === 404 && e.code === 'model_not_found' && e.param === 'model');
});

await check('a bad parameter is a BadRequestError naming it', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'poems', messages: [{ role: 'user', content: 'a' }], temperature: 5 }),
    e => e instanceof OpenAI.BadRequestError && e.status === 400 && e.param === 'temperature');
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
