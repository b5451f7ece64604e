-- Runs once, when the PostgreSQL volume is created. The migrations create these too (IF NOT EXISTS), so a database
-- made without this file works as well; creating them here lets an operator grant per-schema rights up front.
CREATE SCHEMA IF NOT EXISTS sv_sdk;
CREATE SCHEMA IF NOT EXISTS auth;
CREATE SCHEMA IF NOT EXISTS email;
CREATE SCHEMA IF NOT EXISTS audit;
CREATE SCHEMA IF NOT EXISTS permissions;
