//! Search over bases: Chinese substrings and fuzzy matches, full pinyin and pinyin initials.
