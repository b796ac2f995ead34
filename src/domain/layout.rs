//! Where pair channels go. Discord allows 50 channels per category and 500 per server, so
//! pair channels fill categories « Binômes 1 », « Binômes 2 »… created as needed.

use super::ChannelId;

pub const MAX_PER_CATEGORY: usize = 50;
pub const MAX_PER_GUILD: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryInfo {
    pub id: ChannelId,
    pub name: String,
    pub children: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategoryChoice {
    Use(ChannelId),
    Create { name: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuildFull {
    pub limit: usize,
}

/// Picks the first pair category with room, or names the next one to create.
/// `total_channels` counts every channel of the server, categories included.
pub fn choose_pair_category(
    prefix: &str,
    categories: &[CategoryInfo],
    total_channels: usize,
) -> Result<CategoryChoice, GuildFull> {
    let numbered =
        |c: &CategoryInfo| -> Option<u32> { c.name.strip_prefix(prefix)?.trim().parse().ok() };
    let mut ours: Vec<(u32, &CategoryInfo)> = categories
        .iter()
        .filter_map(|c| numbered(c).map(|n| (n, c)))
        .collect();
    ours.sort_by_key(|(n, _)| *n);
    if let Some((_, c)) = ours.iter().find(|(_, c)| c.children < MAX_PER_CATEGORY) {
        if total_channels < MAX_PER_GUILD {
            return Ok(CategoryChoice::Use(c.id));
        }
        return Err(GuildFull {
            limit: MAX_PER_GUILD,
        });
    }
    // A new category and the channel itself: two more channels.
    if total_channels + 2 > MAX_PER_GUILD {
        return Err(GuildFull {
            limit: MAX_PER_GUILD,
        });
    }
    let next = ours.last().map_or(1, |(n, _)| n + 1);
    Ok(CategoryChoice::Create {
        name: format!("{prefix} {next}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(id: u64, name: &str, children: usize) -> CategoryInfo {
        CategoryInfo {
            id: ChannelId(id),
            name: name.into(),
            children,
        }
    }

    #[test]
    fn first_pair_creates_binomes_1() {
        assert_eq!(
            choose_pair_category("Binômes", &[cat(1, "Général", 3)], 4),
            Ok(CategoryChoice::Create {
                name: "Binômes 1".into()
            })
        );
    }

    #[test]
    fn a_category_with_room_is_reused() {
        let cats = [cat(1, "Binômes 1", 50), cat(2, "Binômes 2", 12)];
        assert_eq!(
            choose_pair_category("Binômes", &cats, 70),
            Ok(CategoryChoice::Use(ChannelId(2)))
        );
    }

    #[test]
    fn the_51st_channel_opens_the_next_category() {
        let cats = [cat(1, "Binômes 1", 50)];
        assert_eq!(
            choose_pair_category("Binômes", &cats, 51),
            Ok(CategoryChoice::Create {
                name: "Binômes 2".into()
            })
        );
    }

    #[test]
    fn a_full_server_is_a_clear_error() {
        let cats = [cat(1, "Binômes 1", 50)];
        assert_eq!(
            choose_pair_category("Binômes", &cats, 499),
            Err(GuildFull { limit: 500 })
        );
        let cats = [cat(1, "Binômes 1", 10)];
        assert_eq!(
            choose_pair_category("Binômes", &cats, 500),
            Err(GuildFull { limit: 500 })
        );
        assert_eq!(
            choose_pair_category("Binômes", &cats, 499),
            Ok(CategoryChoice::Use(ChannelId(1)))
        );
    }
}
