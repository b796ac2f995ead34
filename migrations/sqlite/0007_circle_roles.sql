-- A circle is opened to its participants through one Discord role (granted on enrolment),
-- not one permission overwrite per person: Discord caps a channel at 100 overwrites.
-- NULL for a circle created before: running /setup create_circles again gives it its role.
ALTER TABLE circles ADD COLUMN access_role_id INTEGER;
