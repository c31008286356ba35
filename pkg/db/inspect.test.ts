import { hasIndexLeadingWith, writePrivileges } from './inspect';

describe('writePrivileges (from SHOW GRANTS)', () => {
  const tables = ['token_usage_log', 'audit_log'];
  it.each([
    [['GRANT USAGE ON *.* TO `ro`@`%`', 'GRANT SELECT ON `rag_flow`.* TO `ro`@`%`'], []],
    [['GRANT SELECT ON `rag_flow`.`token_usage_log` TO `ro`@`%`'], []],
    [['GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION'], ['ALL PRIVILEGES']],
    [['GRANT SELECT, INSERT, UPDATE ON `rag\\_flow`.* TO `app`@`%`'], ['INSERT', 'UPDATE']],
    [['GRANT DELETE ON `rag_flow`.`audit_log` TO `app`@`%`'], ['DELETE']],
    [['GRANT INSERT ON `other_db`.* TO `app`@`%`'], []],
    [['GRANT INSERT ON `rag_flow`.`other_table` TO `app`@`%`'], []],
  ])('%j → %j', (grants, expected) => {
    expect(writePrivileges(grants, 'rag_flow', tables)).toEqual(expected);
  });
});

describe('hasIndexLeadingWith', () => {
  const indexes = [['id'], ['tenant_id', 'timestamp', 'model_name'], ['timestamp']];
  it.each([
    [['timestamp'], true],
    [['tenant_id', 'timestamp'], true],
    [['TENANT_ID'], true],
    [['model_name'], false],
    [['timestamp', 'tenant_id'], false],
  ])('%j → %s', (cols, expected) => {
    expect(hasIndexLeadingWith(indexes, cols)).toBe(expected);
  });
});
