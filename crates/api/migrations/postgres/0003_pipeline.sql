-- Which pipeline fields the program shares with partners (a program setting; the safe default
-- shares all of them). Internal fields are not in the list and cannot be added to it.
CREATE TABLE program_shared_fields (
    field  TEXT PRIMARY KEY
           CHECK (field IN ('stage', 'vendor_owner', 'next_step', 'protection', 'last_activity'))
);
INSERT INTO program_shared_fields (field) VALUES
    ('stage'), ('vendor_owner'), ('next_step'), ('protection'), ('last_activity');
