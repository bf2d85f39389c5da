import type { Balcao } from '../balcao';
import type { Session } from '../contract/context';

export interface CliIo {
  json: boolean;
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  summary: string;
  /** Extra options this command accepts (besides --db and --json). */
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  run(app: Balcao, session: Session, values: Record<string, unknown>, io: CliIo): Promise<number> | number;
}
