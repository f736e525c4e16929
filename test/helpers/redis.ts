export { startRedis } from '../../src/node/redis-server.js';
