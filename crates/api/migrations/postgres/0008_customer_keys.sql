-- Look-alike customers (issue 15, item 6): conflicts compare keys, not what people typed.
-- `customer_domain` keeps the domain as shown; `customer_domain_key` and `customer_name_key`
-- hold the comparison forms (IDNA-decoded, confusables skeleton, accents dropped).
-- `customer_key_version` says which rules computed them: rows from before are re-keyed by the
-- server at start (registrations::rekey_customers), since the rules live in Rust.
ALTER TABLE registrations ADD COLUMN customer_domain_key TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN customer_key_version INTEGER NOT NULL DEFAULT 0;
DROP INDEX registrations_domain;
CREATE INDEX registrations_domain_key ON registrations (customer_domain_key);
CREATE INDEX registrations_key_version ON registrations (customer_key_version);
