//! Text helpers shared by renderers: Discord caps a message at 2000 characters.

/// Splits `text` into chunks of at most `max` characters, cutting at line boundaries when
/// possible so a list never breaks mid-line. A single line longer than `max` is cut hard.
pub fn chunk_lines(text: &str, max: usize) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line_len = line.chars().count();
        let cur_len = current.chars().count();
        if cur_len > 0 && cur_len + 1 + line_len > max {
            chunks.push(std::mem::take(&mut current));
        }
        if line_len > max {
            let chars: Vec<char> = line.chars().collect();
            for piece in chars.chunks(max) {
                if !current.is_empty() {
                    chunks.push(std::mem::take(&mut current));
                }
                current = piece.iter().collect();
            }
            continue;
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(line);
    }
    if !current.is_empty() || chunks.is_empty() {
        chunks.push(current);
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_chunk() {
        assert_eq!(chunk_lines("a\nb", 10), vec!["a\nb".to_string()]);
    }

    #[test]
    fn long_list_is_cut_between_lines_and_nothing_is_lost() {
        let text: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let chunks = chunk_lines(&text, 50);
        assert!(chunks.len() > 1);
        assert!(chunks.iter().all(|c| c.chars().count() <= 50));
        assert_eq!(chunks.join("\n"), text.trim_end());
    }

    #[test]
    fn overlong_line_is_cut_hard() {
        let line = "x".repeat(25);
        let chunks = chunk_lines(&line, 10);
        assert_eq!(chunks, vec!["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
    }
}
