// The baseline: plain node:http that reads the request body and answers a fixed JSON body. Nothing
// can answer an HTTP request on this machine for less, so every other server is a ratio of this one.
import { createServer } from 'node:http';

const ANSWER = Buffer.from(JSON.stringify({ valid: true, code: 'valid' }));

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': ANSWER.length });
    response.end(ANSWER);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
