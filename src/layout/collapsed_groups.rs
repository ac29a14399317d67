//! Table groups collapsed into one box each: a big schema read as its groups. The box is
//! named after the group and has a row per member table; a foreign key between a member
//! and a table outside the group is drawn to or from the member's row, and keys inside the
//! group are not drawn. The box sits where the group's top-left table sat.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Column, ColumnType, ForeignKey, Id, Layout, Model, Point, Shared, Table};

/// `model` and `layout` as drawn with the groups in `collapsed` folded into one box each
/// (its id is the group's). Groups not in `collapsed`, and tables in no group, are as
/// they were; a table in two collapsed groups goes to the first.
pub fn collapse_groups(
    model: &Model,
    layout: &Layout,
    collapsed: &BTreeSet<Id>,
) -> (Model, Layout) {
    let mut owner: BTreeMap<Id, Id> = BTreeMap::new();
    for g in model
        .table_groups
        .iter()
        .filter(|g| collapsed.contains(&g.id))
    {
        for &t in &g.tables {
            owner.entry(t).or_insert(g.id);
        }
    }
    if owner.is_empty() {
        return (model.clone(), layout.clone());
    }
    let mut out = Model {
        tables: Vec::with_capacity(model.tables.len()),
        table_groups: model
            .table_groups
            .iter()
            .filter(|g| !collapsed.contains(&g.id))
            .cloned()
            .collect(),
        ..model.clone()
    };
    let mut boxes: BTreeMap<Id, Table> = BTreeMap::new();
    let mut layout = layout.clone();
    for g in model
        .table_groups
        .iter()
        .filter(|g| collapsed.contains(&g.id))
    {
        let members: Vec<&Table> = model
            .tables
            .iter()
            .filter(|t| owner.get(&t.id) == Some(&g.id))
            .map(|t| &**t)
            .collect();
        if members.is_empty() {
            continue;
        }
        let corner = members
            .iter()
            .filter_map(|t| layout.positions.get(&t.id))
            .fold(None, |acc: Option<Point>, p| {
                Some(acc.map_or(*p, |a| Point {
                    x: a.x.min(p.x),
                    y: a.y.min(p.y),
                }))
            });
        if let Some(corner) = corner {
            layout.positions.insert(g.id, corner);
        }
        boxes.insert(
            g.id,
            Table {
                id: g.id,
                name: format!("{} ({} tables)", g.name, members.len()),
                color: g.color.clone(),
                comment: g.note.clone(),
                // A row per member, named after it: the keys land on their member's row.
                columns: members
                    .iter()
                    .map(|t| Column {
                        id: t.id,
                        name: t.qualified_name(),
                        data_type: ColumnType::from_spelling("table"),
                        nullable: true,
                        default: None,
                        identity: None,
                        comment: None,
                    })
                    .collect(),
                ..Table::default()
            },
        );
    }
    // Where a key is drawn from or to: the member's row in its group's box, or the table.
    let end = |table: Id, columns: &[Id]| -> (Id, Vec<Id>) {
        match owner.get(&table) {
            Some(&group) => (group, vec![table]),
            None => (table, columns.to_vec()),
        }
    };
    for t in &model.tables {
        let (from, from_columns) = end(t.id, &[]);
        let keys: Vec<ForeignKey> = t
            .foreign_keys
            .iter()
            .filter_map(|fk| {
                let (to, ref_columns) = end(fk.ref_table, &fk.ref_columns);
                if owner
                    .get(&t.id)
                    .is_some_and(|g| owner.get(&fk.ref_table) == Some(g))
                {
                    return None;
                }
                let mut fk = fk.clone();
                fk.ref_table = to;
                fk.ref_columns = ref_columns;
                if from != t.id {
                    fk.columns = from_columns.clone();
                }
                Some(fk)
            })
            .collect();
        if let Some(group_box) = boxes.get_mut(&from).filter(|_| from != t.id) {
            group_box.foreign_keys.extend(keys);
        } else if keys == t.foreign_keys {
            out.tables.push(t.clone());
        } else {
            let mut t = t.clone();
            t.foreign_keys = keys;
            out.tables.push(t);
        }
    }
    // Each box where its group's first member stood, so the order reads as before.
    let mut placed = BTreeSet::new();
    let mut tables = Vec::with_capacity(out.tables.len() + boxes.len());
    let mut rest = out.tables.into_iter().peekable();
    for t in &model.tables {
        match owner.get(&t.id) {
            Some(group) => {
                if placed.insert(*group) {
                    if let Some(b) = boxes.remove(group) {
                        tables.push(Shared::new(b));
                    }
                }
            }
            None => {
                if let Some(next) = rest.next() {
                    tables.push(next);
                }
            }
        }
    }
    out.tables = tables;
    (out, layout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{build_scene, layered_layout};
    use crate::workspace::{open_text, Input};

    const SHOP: &str = "Table users {\n  id int [pk]\n}\n\
        Table orders {\n  id int [pk]\n  user_id int [ref: > users.id]\n}\n\
        Table order_lines {\n  order_id int [ref: > orders.id]\n  product_id int [ref: > products.id]\n}\n\
        Table products {\n  id int [pk]\n}\n\
        TableGroup sales {\n  orders\n  order_lines\n}\n";

    fn shop() -> (Model, Layout) {
        match open_text("shop.dbml", SHOP, None) {
            Ok(Input::Sql { project, .. }) => {
                let model = project.model.clone();
                let layout = layered_layout(&model);
                (model, layout)
            }
            _ => panic!("the DBML opens"),
        }
    }

    #[test]
    fn a_collapsed_group_is_one_box_with_its_outside_keys() {
        let (model, layout) = shop();
        let group = model.table_groups[0].id;
        let (cut, placed) = collapse_groups(&model, &layout, &BTreeSet::from([group]));
        let names: Vec<&str> = cut.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["users", "sales (2 tables)", "products"]);
        let sales = cut.table_by_id(group).expect("the group's box");
        let rows: Vec<&str> = sales.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(rows, ["orders", "order_lines"]);
        // orders -> users and order_lines -> products leave the box from their rows; the
        // key inside the group (order_lines -> orders) is not drawn.
        let keys: Vec<(Id, Id)> = sales
            .foreign_keys
            .iter()
            .map(|fk| (fk.columns[0], fk.ref_table))
            .collect();
        let id = |n: &str| model.tables.iter().find(|t| t.name == n).expect(n).id;
        assert_eq!(
            keys,
            [
                (id("orders"), id("users")),
                (id("order_lines"), id("products"))
            ]
        );
        assert!(cut.table_groups.is_empty());
        let top_left = ["orders", "order_lines"]
            .map(|n| layout.positions[&id(n)])
            .into_iter()
            .fold((f64::MAX, f64::MAX), |a, p| (a.0.min(p.x), a.1.min(p.y)));
        assert_eq!(
            placed.positions[&group],
            Point {
                x: top_left.0,
                y: top_left.1
            }
        );
        let scene = build_scene(&cut, &placed);
        assert_eq!(scene.tables.len(), 3);
        assert_eq!(scene.edges.len(), 2);
        // Nothing collapsed: the same model.
        assert_eq!(collapse_groups(&model, &layout, &BTreeSet::new()).0, model);
    }

    #[test]
    fn keys_into_a_collapsed_group_land_on_the_members_row() {
        let (model, layout) = shop();
        let id = |n: &str| model.tables.iter().find(|t| t.name == n).expect(n).id;
        let mut grouped = model.clone();
        grouped.table_groups[0].tables = vec![id("users"), id("products")];
        let group = grouped.table_groups[0].id;
        let (cut, _) = collapse_groups(&grouped, &layout, &BTreeSet::from([group]));
        let orders = cut
            .tables
            .iter()
            .find(|t| t.name == "orders")
            .expect("orders");
        assert_eq!(orders.foreign_keys[0].ref_table, group);
        assert_eq!(orders.foreign_keys[0].ref_columns, [id("users")]);
    }
}
