// The ceiling: a bare Node HTTP server that reads each request and answers one canned DynamoDB reply.
// No Node server on this machine can answer faster, so every other result is a fraction of this one.

import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const body = JSON.stringify({ Item: { pk: { S: 'user1' }, field0: { S: 'x'.repeat(100) } } });
const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  request.on('data', () => {});
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening on ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
