// The bench's own servers: plain node:http, keep-alive, on a free port announced on stdout for the
// runner ("listening <port>"). A fixed answer reads and drops the body (the baseline's least work);
// a function gets the whole body and picks the bytes.
import { createServer } from 'node:http';

export function serveJson(answer: Buffer | ((body: Buffer) => Buffer)): void {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    if (typeof answer === 'function') request.on('data', (chunk: Buffer) => chunks.push(chunk));
    else request.resume();
    request.on('end', () => {
      const bytes = typeof answer === 'function' ? answer(Buffer.concat(chunks)) : answer;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
      response.end(bytes);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
}
