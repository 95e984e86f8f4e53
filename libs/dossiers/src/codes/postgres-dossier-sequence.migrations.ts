/** Apply with `runMigrations(pool, 'dossier-codes', dossierCodeMigrations)` from @lien-thong/postgres. */
export const dossierCodeMigrations: readonly { readonly id: string; readonly sql: string }[] = [
  {
    id: '0001-create-dossier-code-sequences',
    sql: `CREATE TABLE IF NOT EXISTS dossier_code_sequences (
            unit_code text NOT NULL,
            local_date date NOT NULL,
            last integer NOT NULL CHECK (last > 0),
            PRIMARY KEY (unit_code, local_date)
          )`,
  },
];
