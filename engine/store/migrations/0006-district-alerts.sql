-- District alerts (issue 18): every topic of one district rising together is one alert whose topic is null, as a
-- citywide alert's district is null, so the alerts table no longer requires a topic.
ALTER TABLE alerts ALTER COLUMN topic DROP NOT NULL;
