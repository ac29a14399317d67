//! Refs become foreign keys once every table is known: a many-to-many `Ref` (`<>`) becomes a
//! junction table, and what the DBML reference forbids (an unknown table or column, two refs
//! between the same endpoints, a ref from a column to itself) is an error at the ref.

use std::collections::{BTreeMap, BTreeSet};

use super::{Endpoint, Parser, PendingRef, Relation, Value};
use super::{ForeignKey, Model, PrimaryKey, Table};
use crate::diagnostic::Severity;
use crate::model::{Column, ReferentialAction, TableName};

impl Parser<'_> {
    /// A many-to-many `Ref` (`<>`) becomes what a relational schema holds: a junction table
    /// `{a}_{b}` in the first table's schema, with a column per referenced column, the
    /// primary key over all of them, and a foreign key to each side (as dbdiagram exports it).
    pub(super) fn junction_table(&mut self, r: PendingRef) {
        let find = |model: &Model, e: &Endpoint| find_table(model, e).cloned();
        let (Some(a), Some(b)) = (find(&self.model, &r.from), find(&self.model, &r.to)) else {
            self.skip(
                r.at,
                "Ref",
                "a many-to-many reference (<>) to an unknown table",
                Severity::Error,
            );
            return;
        };
        let mut columns = Vec::new();
        let mut foreign_keys = Vec::new();
        for (side, ends) in [(&a, &r.from.columns), (&b, &r.to.columns)] {
            let mut own = Vec::new();
            for c in ends {
                let Some(column) = side.column(c) else {
                    self.skip(
                        r.at,
                        "Ref",
                        &format!("column {c} is not in table {}", side.name),
                        Severity::Error,
                    );
                    return;
                };
                let mut name = format!("{}_{c}", side.name);
                // A table related to itself repeats its column names: keep them apart.
                while columns.iter().any(|x: &Column| x.name == name) {
                    name.push_str("_2");
                }
                own.push(name.clone());
                columns.push(Column {
                    id: self.ids.fresh(),
                    name,
                    data_type: column.data_type.clone(),
                    nullable: false,
                    default: None,
                    identity: None,
                    comment: None,
                });
            }
            foreign_keys.push(ForeignKey {
                id: self.ids.fresh(),
                name: None,
                columns: own,
                ref_table: TableName::new(side.schema.clone(), side.name.clone()),
                ref_columns: ends.clone(),
                on_delete: None,
                on_update: None,
                deferrable: false,
            });
        }
        let base = format!("{}_{}", a.name, b.name);
        let taken = |name: &str| {
            self.model
                .tables
                .iter()
                .any(|t| t.name == name && t.schema == a.schema)
        };
        let mut name = base.clone();
        let mut n = 1;
        while taken(&name) {
            name = format!("{base}({n})");
            n += 1;
        }
        let key: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        self.model.tables.push(crate::model::Shared::new(Table {
            id: self.ids.fresh(),
            schema: a.schema.clone(),
            name,
            columns,
            primary_key: Some(PrimaryKey {
                id: Default::default(),
                name: None,
                columns: key,
            }),
            foreign_keys,
            ..Table::default()
        }));
    }

    /// Names each group member by its table's qualified name (through aliases and the
    /// default schema), so that membership follows the table; an unknown table, or one that
    /// another spelling already put in a group, is reported and left out.
    pub(super) fn resolve_group_members(&mut self) {
        let mut left_out = Vec::new();
        let mut grouped: BTreeMap<String, String> = BTreeMap::new();
        for (g, m, at) in std::mem::take(&mut self.member_positions) {
            let Some(written) = self
                .model
                .table_groups
                .get(g)
                .and_then(|group| group.tables.get(m))
                .map(TableName::to_string)
            else {
                continue;
            };
            let end = match written.rsplit_once('.') {
                Some((schema, table)) => Endpoint {
                    schema: Some(schema.to_string()),
                    table: table.to_string(),
                    columns: Vec::new(),
                },
                None => Endpoint {
                    schema: None,
                    table: written.clone(),
                    columns: Vec::new(),
                },
            };
            let whole = Endpoint {
                schema: None,
                table: written.clone(),
                columns: Vec::new(),
            };
            let found = find_table(&self.model, &end)
                .or_else(|| {
                    self.model
                        .tables
                        .iter()
                        .find(|t| t.alias.as_deref() == Some(written.as_str()))
                        .map(|t| &**t)
                })
                // A quoted name may hold a dot (`"a.b"`): the member names it whole.
                .or_else(|| find_table(&self.model, &whole));
            match found.map(|t| {
                (
                    t.qualified_name(),
                    TableName::new(t.schema.clone(), t.name.clone()),
                )
            }) {
                // Two spellings can name one table: it still belongs to one group only.
                Some((name, table)) => match grouped.get(&name) {
                    Some(other) => {
                        let message = format!(
                            "table {name} is already in table group {other}; a table belongs to one group"
                        );
                        left_out.push((g, m, at, message));
                    }
                    None => {
                        grouped.insert(name.clone(), self.model.table_groups[g].name.clone());
                        self.model.table_groups[g].tables[m] = table;
                    }
                },
                None => {
                    let group = &self.model.table_groups[g].name;
                    let message = format!("table group {group} lists unknown table {written}");
                    left_out.push((g, m, at, message));
                }
            }
        }
        // Remove from the back so earlier member positions stay right.
        left_out.sort_by_key(|&(g, m, ..)| (g, m));
        for (g, m, at, message) in left_out.into_iter().rev() {
            self.model.table_groups[g].tables.remove(m);
            self.skip(at, "TableGroup", &message, Severity::Error);
        }
    }

    /// Turns every `Ref` into a foreign key on the referencing table, once all tables exist.
    pub(super) fn resolve_refs(&mut self) {
        // `Table ecommerce.users as EU`: `EU` stands for the table, schema and all.
        let aliases: BTreeMap<String, (Option<String>, String)> = self
            .model
            .tables
            .iter()
            .filter_map(|t| {
                let alias = t.alias.clone()?;
                Some((alias, (t.schema.clone(), t.name.clone())))
            })
            .collect();
        let resolve = |e: &mut Endpoint| {
            if e.schema.is_none() {
                if let Some((schema, table)) = aliases.get(&e.table) {
                    e.schema = schema.clone();
                    e.table = table.clone();
                }
            }
        };
        // Each pair of endpoints, in either direction, may be related once.
        let mut seen: BTreeSet<[EndpointKey; 2]> = BTreeSet::new();
        for mut r in std::mem::take(&mut self.refs) {
            resolve(&mut r.from);
            resolve(&mut r.to);
            let (from, to) = (r.from.clone(), r.to.clone());
            if let Err(message) = self.check_endpoints(&from, &to, &mut seen) {
                self.skip(r.at, "Ref", &message, Severity::Error);
                continue;
            }
            let (child, parent) = match r.relation {
                Relation::ManyToOne | Relation::OneToOne => (from, to),
                Relation::OneToMany => (to, from),
                Relation::ManyToMany => {
                    self.junction_table(r);
                    continue;
                }
            };
            // The table the parent end means, as DBML finds it (its default schema too).
            let ref_table = find_table(&self.model, &parent)
                .map(|t| TableName::new(t.schema.clone(), t.name.clone()))
                .unwrap_or_else(|| TableName::new(parent.schema.clone(), parent.table.clone()));
            let mut fk = ForeignKey {
                id: self.ids.fresh(),
                name: r.name,
                columns: child.columns.clone(),
                ref_table,
                ref_columns: parent.columns,
                on_delete: None,
                on_update: None,
                deferrable: false,
            };
            for s in &r.settings {
                if let Some(Value::Words(w)) = &s.value {
                    match s.key.as_str() {
                        "delete" => fk.on_delete = action(w),
                        "update" => fk.on_update = action(w),
                        _ => {}
                    }
                }
            }
            let child_id = find_table(&self.model, &child).map(|t| t.id);
            if let Some(t) = self
                .model
                .tables
                .iter_mut()
                .find(|t| Some(t.id) == child_id)
            {
                t.foreign_keys.push(fk);
                if let Some(span) = r.span {
                    self.spans.add(t.id, span);
                }
            }
        }
    }

    /// Both ends name a known table and its columns, the same number on each side, not the
    /// same columns, and no earlier ref joins the same endpoints.
    fn check_endpoints(
        &self,
        from: &Endpoint,
        to: &Endpoint,
        seen: &mut BTreeSet<[EndpointKey; 2]>,
    ) -> Result<(), String> {
        let mut keys = Vec::new();
        for end in [from, to] {
            let Some(table) = find_table(&self.model, end) else {
                return Err(format!(
                    "reference to unknown table {}",
                    end.display_table()
                ));
            };
            if let Some(c) = end.columns.iter().find(|c| table.column(c).is_none()) {
                return Err(format!(
                    "reference to unknown column {c} of table {}",
                    table.qualified_name()
                ));
            }
            keys.push(EndpointKey {
                schema: table.schema.clone().unwrap_or_default(),
                table: table.name.clone(),
                columns: end.columns.clone(),
            });
        }
        if from.columns.len() != to.columns.len() {
            return Err(format!(
                "the two ends of a reference must have as many columns ({} against {})",
                from.columns.len(),
                to.columns.len()
            ));
        }
        if keys[0] == keys[1] {
            return Err("a reference cannot join columns to themselves".to_string());
        }
        keys.sort();
        let pair = [keys[0].clone(), keys[1].clone()];
        if !seen.insert(pair) {
            return Err(
                "references with the same endpoints already exist (a ref in both directions \
                 makes a cycle)"
                    .to_string(),
            );
        }
        Ok(())
    }
}

/// An endpoint as the table it resolved to, for comparing refs.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct EndpointKey {
    schema: String,
    table: String,
    columns: Vec<String>,
}

/// The table `end` names. DBML's default schema `public` may be written or left out; a name
/// without a schema is a table in the default schema, or else the one table of that name
/// in any schema.
pub(super) fn find_table<'m>(model: &'m Model, end: &Endpoint) -> Option<&'m Table> {
    let schema = |s: &Option<String>| match s.as_deref() {
        None | Some("public") => None,
        Some(other) => Some(other.to_string()),
    };
    let wanted = schema(&end.schema);
    let named = || {
        model
            .tables
            .iter()
            .filter(|t| t.name == end.table)
            .map(|t| &**t)
    };
    named().find(|t| schema(&t.schema) == wanted).or_else(|| {
        let mut any = named();
        match (end.schema.is_none(), any.next(), any.next()) {
            (true, Some(only), None) => Some(only),
            _ => None,
        }
    })
}

fn action(words: &str) -> Option<ReferentialAction> {
    match words.to_ascii_lowercase().as_str() {
        "cascade" => Some(ReferentialAction::Cascade),
        "restrict" => Some(ReferentialAction::Restrict),
        "set null" => Some(ReferentialAction::SetNull),
        "set default" => Some(ReferentialAction::SetDefault),
        "no action" => Some(ReferentialAction::NoAction),
        _ => None,
    }
}
