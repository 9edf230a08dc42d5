//! Where the fonts come from, and the loaded faces.
//!
//! No free 仿宋_GB2312 or 方正小标宋 exists, so the letters use the free Fandol fonts of CTeX
//! (Debian package `texlive-lang-chinese`): FandolFang for the body, FandolSong Bold for titles,
//! FandolSong for page numbers, and Noto Serif CJK SC (package `fonts-noto-cjk`) as the fallback
//! for characters the Fandol fonts lack (rare characters in names, e.g. 䶮). All are CFF-based
//! OpenType; printpdf embeds them as CIDFontType0C subsets, so a one-page letter stays small.
//!
//! The product finds the files by name in a list of directories ([`FontConfig`]): the Debian
//! locations by default, with the deployment's own directory put first
//! ([`FontConfig::with_dir_first`]). A missing file is a [`FontError::NotFound`] that names the
//! file, the package that ships it and every directory searched.

use std::{
    fmt,
    path::{Path, PathBuf},
};

use printpdf::ParsedFont;

use crate::embed::CffProgram;

/// The Debian directory of the Fandol fonts (package `texlive-lang-chinese`).
pub const DEBIAN_FANDOL_DIR: &str = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol";
/// The Debian directory of the Noto CJK fonts (package `fonts-noto-cjk`).
pub const DEBIAN_NOTO_CJK_DIR: &str = "/usr/share/fonts/opentype/noto";

/// What a face is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontRole {
    /// Body text (仿宋 style).
    Body,
    /// Titles (bold 宋体 style).
    Title,
    /// Page numbers (宋体 style).
    PageNumber,
    /// Characters the other faces lack.
    Fallback,
}

impl fmt::Display for FontRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FontRole::Body => "body",
            FontRole::Title => "title",
            FontRole::PageNumber => "page number",
            FontRole::Fallback => "fallback",
        })
    }
}

/// A font file to look for, and which face of it to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFile {
    /// File name, looked up in each directory of the [`FontConfig`] in turn.
    pub file_name: String,
    /// Face index inside a collection (`.ttc`); 0 for a single-face file.
    pub face_index: usize,
    /// The Debian package that ships the file, for the error message.
    pub package: String,
}

impl FontFile {
    /// A font file.
    pub fn new(
        file_name: impl Into<String>,
        face_index: usize,
        package: impl Into<String>,
    ) -> Self {
        Self {
            file_name: file_name.into(),
            face_index,
            package: package.into(),
        }
    }
}

/// Where to find the fonts and which files to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontConfig {
    /// Directories searched in order.
    pub dirs: Vec<PathBuf>,
    /// The body face.
    pub body: FontFile,
    /// The title face.
    pub title: FontFile,
    /// The page-number face.
    pub page_number: FontFile,
    /// The fallback face for rare characters; `None` to do without (a character no face has is
    /// then a [`crate::LetterError::UnsupportedCharacter`]).
    pub fallback: Option<FontFile>,
}

impl Default for FontConfig {
    fn default() -> Self {
        Self::debian_defaults()
    }
}

impl FontConfig {
    /// The Fandol fonts and Noto Serif CJK SC at their Debian locations.
    pub fn debian_defaults() -> Self {
        let tex = "texlive-lang-chinese";
        Self {
            dirs: vec![
                PathBuf::from(DEBIAN_FANDOL_DIR),
                PathBuf::from(DEBIAN_NOTO_CJK_DIR),
            ],
            body: FontFile::new("FandolFang-Regular.otf", 0, tex),
            title: FontFile::new("FandolSong-Bold.otf", 0, tex),
            page_number: FontFile::new("FandolSong-Regular.otf", 0, tex),
            // Face 2 of the collection is the Simplified Chinese one (SC).
            fallback: Some(FontFile::new(
                "NotoSerifCJK-Regular.ttc",
                2,
                "fonts-noto-cjk",
            )),
        }
    }

    /// The same files, searched first in `dir` (a deployment's own font directory).
    pub fn with_dir_first(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dirs.insert(0, dir.into());
        self
    }

    /// Where `file` is, or the error that names it and the directories searched.
    pub fn locate(&self, role: FontRole, file: &FontFile) -> Result<PathBuf, FontError> {
        self.dirs
            .iter()
            .map(|d| d.join(&file.file_name))
            .find(|p| p.is_file())
            .ok_or_else(|| FontError::NotFound {
                role,
                file_name: file.file_name.clone(),
                package: file.package.clone(),
                searched: self.dirs.clone(),
            })
    }
}

/// Why the fonts could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The file is in none of the directories.
    #[error(
        "the {role} font {file_name} was not found in {} (install the Debian package {package}, or \
         put the file in the configured font directory)",
        display_dirs(searched)
    )]
    NotFound {
        /// What the face is for.
        role: FontRole,
        /// The file looked for.
        file_name: String,
        /// The Debian package that ships it.
        package: String,
        /// The directories searched.
        searched: Vec<PathBuf>,
    },
    /// The file exists but could not be read.
    #[error("cannot read the {role} font {}: {source}", path.display())]
    Unreadable {
        /// What the face is for.
        role: FontRole,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a font printpdf can parse (or has no such face).
    #[error("the {role} font {} (face {face_index}) is not a usable OpenType/TrueType font", path.display())]
    Unparseable {
        /// What the face is for.
        role: FontRole,
        /// The file.
        path: PathBuf,
        /// The face index asked for.
        face_index: usize,
    },
    /// The face has no Chinese characters.
    #[error("the {role} font {} has no Chinese characters", path.display())]
    NotChinese {
        /// What the face is for.
        role: FontRole,
        /// The file.
        path: PathBuf,
    },
}

fn display_dirs(dirs: &[PathBuf]) -> String {
    let list: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    if list.is_empty() {
        "no directory (the font directory list is empty)".to_owned()
    } else {
        list.join(", ")
    }
}

/// A loaded face and the file it came from.
#[derive(Clone)]
pub(crate) struct Face {
    pub(crate) font: ParsedFont,
    /// The character map, as a table: printpdf's look-up (`ParsedFont::lookup_glyph_index`)
    /// scans the format 12 subtable of a CJK face group by group, tens of thousands of them,
    /// and a letter looks up every character several times. `None` when allsorts cannot read
    /// the cmap on its own (the look-up then goes through printpdf).
    chars: Option<CharMap>,
    /// How the face goes into a PDF.
    pub(crate) program: Program,
    pub(crate) path: PathBuf,
}

/// How a face is embedded.
#[derive(Clone)]
pub(crate) enum Program {
    /// A CID-keyed CFF face, subset by [`crate::embed`] (the shipped fonts): found at load.
    Cff(CffProgram),
    /// Any other face: a copy handed to printpdf, which subsets it at save. printpdf clones the
    /// copy for every document; without the character map and the glyph-name cache, which
    /// printpdf does not read for glyph-id text, those clones are cheap. Made once, at load.
    Printpdf(Box<ParsedFont>),
}

impl Face {
    fn load(config: &FontConfig, role: FontRole, file: &FontFile) -> Result<Self, FontError> {
        let path = config.locate(role, file)?;
        let bytes = std::fs::read(&path).map_err(|source| FontError::Unreadable {
            role,
            path: path.clone(),
            source,
        })?;
        let mut warnings = Vec::new();
        let font =
            ParsedFont::from_bytes(&bytes, file.face_index, &mut warnings).ok_or_else(|| {
                FontError::Unparseable {
                    role,
                    path: path.clone(),
                    face_index: file.face_index,
                }
            })?;
        // Found in the bytes the face keeps (and the subsetting reads at render time), as
        // printpdf's own subsetting does.
        let cff = font
            .source_bytes()
            .and_then(|source| CffProgram::find(source.as_slice(), font.original_index));
        let program = match cff {
            Some(cff) => Program::Cff(cff),
            None => Program::Printpdf(Box::new(for_embedding(&font))),
        };
        let face = Self {
            chars: CharMap::read(&bytes, file.face_index),
            font,
            program,
            path,
        };
        // A Latin-only face configured by mistake would draw every Chinese character from the
        // fallback, or fail on each one: say so at load time.
        if role != FontRole::PageNumber && !face.has('政') {
            return Err(FontError::NotChinese {
                role,
                path: face.path,
            });
        }
        Ok(face)
    }

    /// The CFF program, when the face is embedded by [`crate::embed`].
    pub(crate) fn cff(&self) -> Option<&CffProgram> {
        match &self.program {
            Program::Cff(cff) => Some(cff),
            Program::Printpdf(_) => None,
        }
    }

    /// The glyph of `ch`, if the face has one (glyph 0, `.notdef`, is no glyph).
    pub(crate) fn glyph(&self, ch: char) -> Option<u16> {
        let gid = match &self.chars {
            Some(map) => map.get(ch),
            None => self.font.lookup_glyph_index(u32::from(ch)),
        };
        gid.filter(|g| *g != 0)
    }

    /// Whether the face has a glyph for `ch`.
    pub(crate) fn has(&self, ch: char) -> bool {
        self.glyph(ch).is_some()
    }
}

/// A face's character map read into a table once: the Basic Multilingual Plane directly
/// indexed, the other planes hashed.
#[derive(Clone)]
struct CharMap {
    /// Glyph id of each BMP code point, 0 for none.
    bmp: Vec<u16>,
    astral: std::collections::HashMap<u32, u16>,
}

impl CharMap {
    /// The map of the subtable the face is read with: allsorts' `Font::new` picks it, as it
    /// does for printpdf's `ParsedFont`, so both give the same glyph for every character.
    fn read(file: &[u8], face_index: usize) -> Option<Self> {
        use allsorts::{
            binary::read::ReadScope, font::Font, font_data::FontData, tables::cmap::CmapSubtable,
        };
        let data = ReadScope::new(file).read::<FontData<'_>>().ok()?;
        let font = Font::new(data.table_provider(face_index).ok()?).ok()?;
        let subtable = ReadScope::new(font.cmap_subtable_data())
            .read::<CmapSubtable<'_>>()
            .ok()?;
        let mut map = Self {
            bmp: vec![0; 0x1_0000],
            astral: std::collections::HashMap::new(),
        };
        // The first mapping of a code wins, as in a look-up that scans the subtable.
        subtable
            .mappings_fn(|code, gid| match usize::try_from(code) {
                Ok(i) if i < map.bmp.len() => {
                    if map.bmp[i] == 0 {
                        map.bmp[i] = gid;
                    }
                }
                _ => {
                    map.astral.entry(code).or_insert(gid);
                }
            })
            .ok()?;
        Some(map)
    }

    fn get(&self, ch: char) -> Option<u16> {
        let code = u32::from(ch);
        let gid = match usize::try_from(code) {
            Ok(i) if i < self.bmp.len() => self.bmp[i],
            _ => self.astral.get(&code).copied().unwrap_or(0),
        };
        (gid != 0).then_some(gid)
    }
}

/// A face as printpdf embeds it: the outlines and metrics (the source bytes are shared, not
/// copied), without the tables only shaping and `TextItem::Text` look-ups use. The letters set
/// glyph ids themselves (`Codepoint::with_cid`) with their text for /ToUnicode, so nothing is lost.
fn for_embedding(font: &ParsedFont) -> ParsedFont {
    let mut inner = font.as_azul().clone();
    inner.cmap_subtable = None;
    inner.reverse_glyph_cache.clear();
    inner.index_to_cid.clear();
    ParsedFont::from_azul(inner)
}

/// The faces a letter is set in, loaded once and reused for every document.
#[derive(Clone)]
pub struct Fonts {
    pub(crate) body: Face,
    pub(crate) title: Face,
    pub(crate) page_number: Face,
    pub(crate) fallback: Option<Face>,
}

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fonts")
            .field("body", &self.body.path)
            .field("title", &self.title.path)
            .field("page_number", &self.page_number.path)
            .field("fallback", &self.fallback.as_ref().map(|f| &f.path))
            .finish()
    }
}

impl Fonts {
    /// Finds and parses every face of `config`.
    pub fn load(config: &FontConfig) -> Result<Self, FontError> {
        Ok(Self {
            body: Face::load(config, FontRole::Body, &config.body)?,
            title: Face::load(config, FontRole::Title, &config.title)?,
            page_number: Face::load(config, FontRole::PageNumber, &config.page_number)?,
            fallback: config
                .fallback
                .as_ref()
                .map(|file| Face::load(config, FontRole::Fallback, file))
                .transpose()?,
        })
    }

    /// The face of a role (`None`: no fallback configured).
    pub(crate) fn face(&self, role: FontRole) -> Option<&Face> {
        match role {
            FontRole::Body => Some(&self.body),
            FontRole::Title => Some(&self.title),
            FontRole::PageNumber => Some(&self.page_number),
            FontRole::Fallback => self.fallback.as_ref(),
        }
    }

    /// The file a face was loaded from.
    pub fn path(&self, role: FontRole) -> Option<&Path> {
        match role {
            FontRole::Body => Some(&self.body.path),
            FontRole::Title => Some(&self.title.path),
            FontRole::PageNumber => Some(&self.page_number.path),
            FontRole::Fallback => self.fallback.as_ref().map(|f| f.path.as_path()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_font_is_an_error_naming_the_file_and_the_package() {
        let dir = std::env::temp_dir().join("disclosure-letters-no-fonts-here");
        let config = FontConfig {
            dirs: vec![dir.clone()],
            ..FontConfig::debian_defaults()
        };
        let err = Fonts::load(&config).unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(
                err,
                FontError::NotFound {
                    role: FontRole::Body,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(msg.contains("FandolFang-Regular.otf"), "{msg}");
        assert!(msg.contains("texlive-lang-chinese"), "{msg}");
        assert!(msg.contains(&dir.display().to_string()), "{msg}");
    }

    #[test]
    fn a_file_that_is_not_a_font_is_an_error() {
        let dir = std::env::temp_dir().join(format!(
            "disclosure-letters-bad-font-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("FandolFang-Regular.otf"), b"not a font").unwrap();
        let config = FontConfig::debian_defaults().with_dir_first(&dir);
        let err = Fonts::load(&config).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            matches!(
                err,
                FontError::Unparseable {
                    role: FontRole::Body,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_latin_only_font_is_refused_for_the_body() {
        let dejavu = PathBuf::from("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        if !dejavu.is_file() {
            eprintln!("SKIPPING: {} not installed", dejavu.display());
            return;
        }
        let config = FontConfig {
            dirs: vec![dejavu.parent().unwrap().to_path_buf()],
            body: FontFile::new("DejaVuSans.ttf", 0, "fonts-dejavu-core"),
            ..FontConfig::debian_defaults()
        };
        let err = Fonts::load(&config).unwrap_err();
        assert!(
            matches!(
                err,
                FontError::NotChinese {
                    role: FontRole::Body,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    /// The table read at load gives the glyph printpdf's own look-up gives, for every face.
    #[test]
    fn the_character_table_agrees_with_printpdfs_lookup() {
        let mut config = FontConfig::debian_defaults();
        if let Ok(dir) = std::env::var("DISCLOSURE_FONT_DIR") {
            config = config.with_dir_first(dir);
        }
        let fonts = match Fonts::load(&config) {
            Ok(f) => f,
            Err(e) if std::env::var("CI").as_deref() != Ok("true") => {
                eprintln!("SKIPPING: fonts missing: {e}");
                return;
            }
            Err(e) => panic!("CI=true and the fonts are missing: {e}"),
        };
        let chars: Vec<char> = (0x20..0x7f)
            .chain(0x3000..0x3040)
            .chain(0xff00..0xfff0)
            .chain(0x4e00..0x4e00 + 1500)
            .chain(0x9fa0..0xa000)
            .chain([0x4dae, 0x5586, 0x5803, 0x8d5f, 0x73a5, 0x72a8, 0x71da])
            .chain([0x2000b, 0x20087, 0x2a6a5, 0x2b740])
            .filter_map(char::from_u32)
            .chain("——…“”‘’《》〔〕（）".chars())
            .collect();
        for role in [
            FontRole::Body,
            FontRole::Title,
            FontRole::PageNumber,
            FontRole::Fallback,
        ] {
            let face = fonts.face(role).unwrap();
            assert!(face.chars.is_some(), "{role}: no character table");
            for &ch in &chars {
                let printpdf = face
                    .font
                    .lookup_glyph_index(u32::from(ch))
                    .filter(|g| *g != 0);
                assert_eq!(
                    face.glyph(ch),
                    printpdf,
                    "{role}: {ch} U+{:04X}",
                    u32::from(ch)
                );
            }
        }
    }

    #[test]
    fn the_own_directory_is_searched_first() {
        let config = FontConfig::debian_defaults().with_dir_first("/srv/fonts");
        assert_eq!(config.dirs[0], PathBuf::from("/srv/fonts"));
        assert_eq!(config.dirs.len(), 3);
    }
}

#[cfg(test)]
mod thread_safety {
    /// A server loads the fonts once and shares them between request threads.
    #[test]
    fn fonts_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<super::Fonts>();
    }
}
