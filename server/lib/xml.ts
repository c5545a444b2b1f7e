// XML 1.0 admits tab, newline, carriage return and these ranges only; anything else (other control
// characters, U+FFFE/U+FFFF, lone surrogates) makes the whole document unreadable to every parser.
const NOT_XML_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** A rendered XML document with every character XML 1.0 forbids dropped: text the forms refuse can still be in old rows. */
export function dropNonXmlCharacters(xml: string): string {
  return xml.replace(NOT_XML_CHARACTERS, '');
}
