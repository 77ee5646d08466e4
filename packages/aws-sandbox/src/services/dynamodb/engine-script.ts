/**
 * The program of a DynamoDB engine process (run with `node -e`, arguments: dynalite's entry, the data
 * directory): probes the LevelDB lock first, because dynalite would crash on a database another
 * process holds, then serves dynalite on a free loopback port and reports it over IPC. It exits when
 * the sandbox that started it goes away (the IPC channel closes), even if that one was killed, and
 * ignores Ctrl-C, which the terminal sends to the whole process group: the sandbox decides when it ends.
 */
export const ENGINE_SCRIPT = `
const { createRequire } = require('node:module');
const [dynalitePath, dataDir] = process.argv.slice(1);
const load = createRequire(dynalitePath);
process.on('SIGINT', () => {});
process.on('disconnect', () => process.exit(0));
(async () => {
  const { Level } = load('level');
  const probe = new Level(dataDir);
  try {
    await probe.open();
    await probe.close();
  } catch (error) {
    const locked = error && (error.code === 'LEVEL_LOCKED' || (error.cause && error.cause.code === 'LEVEL_LOCKED'));
    process.send({ error: locked ? 'locked' : String(error && error.message) });
    process.exit(3);
  }
  const server = load('dynalite')({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
})();
`;
