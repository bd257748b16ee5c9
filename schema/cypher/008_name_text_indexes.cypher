// Text indexes on the lower-case names, for `nameContains` filters (search by part of a name).
// A range index can only be scanned whole for CONTAINS, so a search read every customer's name;
// a text index finds the names that contain the fragment (a trigram index), so a search reads
// about as many entries as it has matches, whatever the number of customers.
CREATE TEXT INDEX customer_name_lower_text IF NOT EXISTS FOR (n:Customer) ON (n.nameLower);
CREATE TEXT INDEX employee_name_lower_text IF NOT EXISTS FOR (n:Employee) ON (n.nameLower);
