-- Every insert and update pays its own entry in the email GIN index at once, instead of queuing it in
-- GIN's pending list that every work-email lookup must then scan (bench/RESULTS.md).
alter index users_email_values set (fastupdate = off);
