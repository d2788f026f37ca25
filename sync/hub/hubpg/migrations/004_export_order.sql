-- The export reads the current summaries a page at a time in its order
-- (year, window, school, byte by byte): this index is that order, so that
-- each page is an index range scan rather than a sort of every cell.
CREATE INDEX current_export_order ON current_summaries (year COLLATE "C", "window" COLLATE "C", school COLLATE "C");
