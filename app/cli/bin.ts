import { runCli } from './main';

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`Erro: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
