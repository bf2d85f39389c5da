import { z } from 'zod';
import { isCleanText } from '../contract/schemas';

/** 15 million characters: a base64 XLSX of ~11 MB, well within the HTTP bridge's 20 MB body. */
const MAX_CONTENT = 15_000_000;

export const importCatalogSchema = z.object({
  format: z.enum(['csv', 'xlsx'], { message: "Formato deve ser 'csv' ou 'xlsx'." }),
  /** CSV as text; XLSX as base64. */
  content: z
    .string()
    .min(1, { message: 'O arquivo está vazio.' })
    .max(MAX_CONTENT, { message: 'Arquivo grande demais (máximo de 10 MB).' })
    .refine(isCleanText, { message: 'O arquivo tem caracteres inválidos (NUL): salve-o de novo como CSV UTF-8.' }),
  /** CSV only: 'text' (default), or 'base64' bytes decoded as UTF-8, else Windows-1252. */
  encoding: z.enum(['text', 'base64'], { message: "Codificação deve ser 'text' ou 'base64'." }).default('text'),
  /** CSV only: the column separator; absent, it is read from the header line. */
  delimiter: z
    .enum([';', ',', '\t'], { message: 'Separador deve ser ponto e vírgula, vírgula ou tabulação.' })
    .optional(),
  /** Checks and counts everything, then changes nothing. */
  dry_run: z.boolean().default(false),
});

export type ImportCatalogInput = z.output<typeof importCatalogSchema>;
