import { cliFailure } from './cli-errors';
import { runCli } from './main';

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
})
  .then((code) => {
    process.exitCode = code;
    // @electric-sql/client (sync pull) keeps a 60 s timer alive after its streams are aborted:
    // once stdout and stderr have drained, leave (unref'd: a normal command has exited by then).
    process.stdout.write('', () => process.stderr.write('', () => setTimeout(() => process.exit(), 50).unref()));
  })
  .catch((error: unknown) => {
    const failure = cliFailure(error, process.argv.slice(2));
    process.stderr.write(`${failure.text}\n`);
    process.exitCode = failure.exitCode;
  });
