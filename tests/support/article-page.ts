// A news article page as sites serve them: navigation, scripts, an advert, related stories and a
// footer around the article, which is all that extraction should keep. The report is invented.

export const ARTICLE_PARAGRAPHS = [
  'The mayor of Northbridge said on Tuesday that the old harbour bridge “will reopen to traffic before the winter”, three months later than the council had promised.',
  'Speaking at a press conference, she insisted the delay was caused by the late delivery of steel, not by the contractor. “We have not paid a single euro more than agreed,” she added.',
  'Opposition councillors disputed the account. According to Councillor Ruth Alder, the contractor had asked for 1.2 million euros in additional payments since May.',
  'The bridge, which carries about 17,000 vehicles a day, has been closed since March after inspectors found corrosion in two of its supporting cables.',
];

export const ARTICLE_TITLE = 'Northbridge harbour bridge to reopen before winter, mayor says';

export function articlePage(): string {
  const nav = Array.from({ length: 30 }, (_, i) => `<li><a href="/section/${i}">Section ${i}</a></li>`).join('');
  const related = Array.from({ length: 8 }, (_, i) => `<li><a href="/story/${i}">Another story number ${i}</a></li>`).join('');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${ARTICLE_TITLE} | Northbridge Courier</title>
<meta property="og:site_name" content="Northbridge Courier">
<meta name="author" content="Jane Example">
<meta property="article:published_time" content="2026-11-24T09:30:00Z">
<script>window.analytics = { page: "article" };</script>
<style>.advert { float: right }</style>
</head>
<body>
<header><nav><ul>${nav}</ul></nav></header>
<main>
<article>
<h1>${ARTICLE_TITLE}</h1>
<p class="byline">By <a href="/authors/jane">Jane Example</a></p>
<p>${ARTICLE_PARAGRAPHS[0]}</p>
<div class="advert"><script>document.write("advert")</script>Advertisement</div>
<p>${ARTICLE_PARAGRAPHS[1].replace('euro more', 'euro&nbsp;more')}</p>
<p>${ARTICLE_PARAGRAPHS[2].replace('since May.', 'since\n      May.')}</p>
<p>${ARTICLE_PARAGRAPHS[3].replace('supporting', 'sup\u00adporting')}</p>
</article>
<aside><h2>Related</h2><ul>${related}</ul></aside>
</main>
<footer><p>© Northbridge Courier</p></footer>
</body>
</html>`;
}
