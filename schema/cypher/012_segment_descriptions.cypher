// A segment imported without a description had none (null), which `Segment.description: String!`
// cannot answer; the importer now writes an empty one, as the API does, and so do these segments.
MATCH (s:Segment) WHERE s.description IS NULL SET s.description = '';
