// The text rules of intake and anchoring: pure functions over a document's text, no database.
export { proposeCandidates, pickLanguage } from './candidates';
export type { Candidate, CandidateKind, Passage, ProposeOptions } from './candidates';
export type { ProposedFigure, Language } from './figures';
export type { SpeakerBasis } from './speakers';
export { selectorsFor, resolveAnchor, webAnnotationSelectors, CONTEXT_CHARS } from './anchoring';
export type { AnchorSelectors, TextQuoteSelector, TextPositionSelector, ResolvedAnchor } from './anchoring';
export { normaliseForQuoteMatch, matchVerbatim, closestPassage } from './verbatim';
export type { VerbatimMatch, ClosestPassage } from './verbatim';
export { sentenceAround, splitSentences } from './sentences';
export type { Span, Sentence } from './sentences';
export { findQuotes } from './quotes';
export type { QuoteSpan } from './quotes';
