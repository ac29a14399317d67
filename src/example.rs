//! The project the app opens on the first visit: accounts, their JSONB preferences with a GIN
//! index, and an audit trail, following the seed guidelines' PostgreSQL patterns.

use crate::model::{Dialect, Project};
use crate::workspace::apply_source;

pub const EXAMPLE_SQL: &str = r#"-- Accounts, their preferences and an audit trail.
CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email varchar(255) NOT NULL UNIQUE,
    display_name varchar(100) NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_preferences (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_user_preferences_settings ON user_preferences USING gin (settings);

CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    table_name text NOT NULL,
    action varchar(10) NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
    old_data jsonb,
    new_data jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_audit_log_user_id ON audit_log (user_id);
CREATE INDEX idx_audit_log_created_at ON audit_log (created_at DESC);
"#;

/// The example as a project, imported and laid out.
pub fn example_project() -> Project {
    let mut project = Project::new("Example: users and audit log", Dialect::Postgres);
    apply_source(&mut project, EXAMPLE_SQL.to_string());
    project
}
