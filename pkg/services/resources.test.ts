import { createPluginState } from '../pluginState';
import { pluginContext, quietLogger, requestContext } from '../testing/fixtures';
import { callResource } from './resources';

function request(path: string, method = 'GET', query = '') {
  return {
    pluginContext: pluginContext({ role: 'Viewer' }),
    path,
    method,
    url: `${path}${query}`,
    headers: {},
    body: new Uint8Array(),
  };
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  let text = '';
  for await (const c of chunks) {
    text += Buffer.from(c).toString();
  }
  return text;
}

describe('resources', () => {
  const state = createPluginState(quietLogger, '1.2.3');

  it('answers ping with the version, instance and user', async () => {
    const reply = await callResource(state, request('ping'), requestContext());
    expect(reply.status).toBe(200);
    expect(JSON.parse(Buffer.from(reply.body!).toString())).toMatchObject({
      status: 'ok',
      version: '1.2.3',
      uid: 'ledger',
      user: { login: 'ana', role: 'Viewer' },
    });
  });

  it('streams the requested number of NDJSON chunks', async () => {
    const reply = await callResource(state, request('stream', 'GET', '?chunks=4'), requestContext());
    expect(reply.headers['Content-Type']).toEqual(['application/x-ndjson']);
    const lines = (await collect(reply.chunks!))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.chunk)).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['an unknown path', request('nope'), 404, /no resource at "nope"/],
    ['a wrong method', request('ping', 'POST'), 405, /POST is not allowed on ping/],
    ['a bad parameter', request('stream', 'GET', '?chunks=1000'), 400, /^chunks: expected an integer from 1 to 100/],
    ['a non-numeric parameter', request('stream', 'GET', '?chunks=abc'), 400, /^chunks: /],
  ])('answers %s with %s and a JSON message', async (_label, req, status, message) => {
    const reply = await callResource(state, req, requestContext());
    expect(reply.status).toBe(status);
    expect(JSON.parse(Buffer.from(reply.body!).toString()).message).toMatch(message);
  });
});
