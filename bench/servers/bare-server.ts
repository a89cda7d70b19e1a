// The baseline: plain node:http that reads the request body and answers a fixed JSON body. Nothing
// can answer an HTTP request on this machine for less, so every other server is a ratio of this one.
import { serveJson } from './serve-json.js';

const ANSWER = Buffer.from(JSON.stringify({ valid: true, code: 'valid' }));

serveJson(ANSWER);
