// Saved views (src/modules/view): each person's own arrangements of a list, linked to their
// Employee by KEEPS_VIEW. Ids are unique like every record's.
CREATE CONSTRAINT saved_view_id IF NOT EXISTS FOR (v:SavedView) REQUIRE v.id IS UNIQUE;
