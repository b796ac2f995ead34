//! Discord's limits on what the bot sends, in one place (developer docs, "Create Message"
//! and "Allowed Mentions"). Anything that lists people or lines is split to fit them.

use crate::domain::UserId;

/// Characters of a message's content.
pub const MAX_CONTENT: usize = 2000;
/// Users a message may ping through `allowed_mentions.users`.
pub const MAX_MENTIONED_USERS: usize = 100;

/// Splits `users` into consecutive batches, in order, each of at most
/// [`MAX_MENTIONED_USERS`] people whose mentions (`<@id>`, separated by one space) fit in
/// `room` characters: the content left once the message's own text is written.
/// Everyone is in exactly one batch; with no room at all, one person per batch.
pub fn mention_batches(users: &[UserId], room: usize) -> Vec<&[UserId]> {
    let mut batches = Vec::new();
    let mut start = 0;
    let mut used = 0;
    for (i, u) in users.iter().enumerate() {
        let len = mention_len(*u) + usize::from(i > start);
        let full = i - start == MAX_MENTIONED_USERS || (i > start && used + len > room);
        if full {
            batches.push(&users[start..i]);
            start = i;
            used = mention_len(*u);
        } else {
            used += len;
        }
    }
    if start < users.len() {
        batches.push(&users[start..]);
    }
    batches
}

/// `<@` + the id's digits + `>`.
fn mention_len(u: UserId) -> usize {
    u.0.to_string().len() + 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users(n: u64) -> Vec<UserId> {
        (0..n)
            .map(|i| UserId(130_000_000_000_000_000 + i))
            .collect()
    }

    fn rendered(batch: &[UserId]) -> String {
        batch
            .iter()
            .map(|u| format!("<@{}>", u.0))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn three_hundred_people_fit_in_messages_discord_accepts_in_order() {
        let all = users(300);
        let room = MAX_CONTENT - 180;
        let batches = mention_batches(&all, room);
        assert!(batches.len() >= 4, "{}", batches.len());
        for b in &batches {
            assert!(b.len() <= MAX_MENTIONED_USERS);
            assert!(rendered(b).chars().count() <= room);
        }
        let flat: Vec<UserId> = batches.concat();
        assert_eq!(flat, all, "everyone once, in order");
    }

    #[test]
    fn short_mentions_are_capped_at_a_hundred_people_per_message() {
        let all: Vec<UserId> = (1..=250).map(UserId).collect();
        let batches = mention_batches(&all, MAX_CONTENT);
        assert_eq!(
            batches.iter().map(|b| b.len()).collect::<Vec<_>>(),
            vec![100, 100, 50]
        );
    }

    #[test]
    fn a_few_people_stay_in_one_message_and_nobody_gives_none() {
        assert_eq!(mention_batches(&users(3), MAX_CONTENT).len(), 1);
        assert!(mention_batches(&[], MAX_CONTENT).is_empty());
        assert_eq!(mention_batches(&users(3), 0).len(), 3);
    }
}
