// Needs by title and segments by name sort without regard to case, as customers and employees by
// name do: each keeps its lower-cased title or name beside it, and an index orders pages by it.
MATCH (n:Need) SET n.titleLower = toLower(n.title);
MATCH (s:Segment) SET s.nameLower = toLower(s.name);
CREATE INDEX need_title_lower IF NOT EXISTS FOR (n:Need) ON (n.titleLower);
CREATE INDEX segment_name_lower IF NOT EXISTS FOR (n:Segment) ON (n.nameLower);
