// Where `lizheng start` and `lizheng gateway` open their port: a port in use or not allowed is the operator's to
// fix (another process, a privileged port), so it is a usage error naming --host and --port, not a stack trace.
import { UsageError } from '../errors.ts';

const OPERATOR_ERRORS: Record<string, string> = {
  EADDRINUSE: 'is in use by another process',
  EACCES: 'needs privileges this process lacks',
  EADDRNOTAVAIL: 'is not an address of this machine',
};

/** `app.listen` on host:port; resolves with the address it listens on. */
export async function listen(
  app: { listen(options: { host: string; port: number }): Promise<string> },
  host: string,
  port: number,
): Promise<string> {
  try {
    return await app.listen({ host, port });
  } catch (cause) {
    const why = OPERATOR_ERRORS[(cause as NodeJS.ErrnoException).code ?? ''];
    if (why === undefined) throw cause;
    throw new UsageError(`--host ${host} --port ${port}: ${host}:${port} ${why}; choose another`, { cause });
  }
}
