"""The shop's setup: the first-run window and the pages Shop › Settings shows again."""
