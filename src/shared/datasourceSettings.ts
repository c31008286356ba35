/**
 * Settings of a ledger datasource instance (`jsonData`). Extended by the ledger issue with MySQL
 * connection options; kept here so the ConfigEditor and the backend read the same names.
 */
export interface LedgerJsonData {
  /** Free text shown in health checks; lets an admin tell instances apart. */
  description?: string;
}

/** Keys of `secureJsonData`. */
export interface LedgerSecureJsonData {
  password?: string;
}
