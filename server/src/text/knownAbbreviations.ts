/**
 * The abbreviations and capitalised words `acronym.undefined` never reports. Data only.
 *
 * Finance abbreviations a glossary should define (NAV, EPS, TWAP, …; ETF and IPO are kept below for now) and coin tickers
 * (ETH, BTC, USDC, …) are NOT here: they belong in a glossary, whose abbreviations count as defined.
 */

/** Criterion: a reader of finance writing would never want it expanded — general tech, standards, licences, institutions, places, currencies, everyday writing. */
export const wellKnownAbbreviations: ReadonlySet<string> = new Set([
  // Software and the web
  'API', 'URL', 'URI', 'HTTP', 'HTTPS', 'JSON', 'JSONP', 'YAML', 'TOML', 'XML', 'CSV', 'TSV', 'PDF', 'HTML', 'CSS',
  'SQL', 'CLI', 'GUI', 'SDK', 'IDE', 'REPL', 'CPU', 'GPU', 'TPU', 'RAM', 'SSD', 'HDD', 'OS', 'ID', 'UI', 'UX', 'AI', 'ML',
  'LLM', 'NLP', 'IT', 'IP', 'TCP', 'UDP', 'DNS', 'SSH', 'SSL', 'TLS', 'VPN', 'CDN', 'DOM', 'SVG', 'PNG', 'GIF', 'JPEG',
  'JPG', 'UTF', 'ASCII', 'CRLF', 'LF', 'TTY', 'PR', 'CI', 'CD', 'QA', 'OOP', 'ORM', 'MVC', 'CRUD', 'REST', 'RPC', 'SHA',
  'RSA', 'AES', 'JWT', 'XSS', 'CSRF', 'CSP', 'CORS', 'CVE', 'RFC', 'ISO', 'IEEE', 'ANSI', 'POSIX',
  'JS', 'TS', 'PHP', 'JVM', 'WASM', 'NPM', 'GIT', 'AWS', 'GCP', 'IBM', 'VM', 'VS', 'IO', 'QR', 'GPS',
  'TV', 'PC', 'USB', 'IRC', 'FTP', 'SMTP', 'DOS', 'WIP', 'EOF', 'IPFS', 'NFT',
  'DPI', 'LLVM', 'PDA', 'UAV', 'IE', 'FIPS', 'DSL', 'EJS', 'XLA', 'ENOENT', 'EACCES', 'BC',
  // HTTP methods
  'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD',
  // Licences and organisations that publish them
  'MIT', 'BSD', 'GPL', 'LGPL', 'AGPL', 'GNU', 'MPL', 'CC', 'WTFPL', 'OSI',
  // Documents and files
  'TODO', 'FIXME', 'NOTE', 'README', 'FAQ', 'PS', 'NB',
  // Units and time
  'UTC', 'GMT', 'EST', 'PST', 'CET', 'KB', 'MB', 'GB', 'TB', 'PB', 'KM', 'KG', 'BPS',
  // Places, institutions, companies, legal forms, roles
  'USA', 'US', 'UK', 'EU', 'UN', 'UAE', 'NYC', 'CEO', 'CFO', 'CTO', 'COO', 'NYSE', 'NASDAQ', 'SEC', 'FED', 'IMF', 'ECB',
  'LLC', 'LLP', 'INC', 'LTD', 'PLC', 'AG', 'SA', 'SE', 'NV', 'BV',
  // Currencies (ISO 4217)
  'USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CNY', 'CNH', 'AUD', 'CAD', 'HKD', 'SGD', 'NZD', 'KRW', 'INR', 'BRL', 'MXN', 'SEK',
  'NOK', 'DKK', 'RUB', 'ZAR', 'TRY',
  // Kept from the earlier list until the core glossary defines them (termlens's own README uses them); then remove
  'ETF', 'IPO', 'GDP', 'CPI', 'FX', 'PNL', 'YTD', 'ROI',
  // Everyday writing
  'OK', 'AM', 'PM', 'FYI', 'ASAP', 'TBD', 'TBA', 'ETA', 'AKA', 'IMO', 'DIY', 'AMA', 'RIP', 'VIP', 'PROTIP',
  // RFC 2119 and emphasis
  'MUST', 'SHALL', 'SHOULD', 'MAY', 'NOT', 'NO', 'NEVER', 'ONLY', 'AND', 'OR',
]);

/** Criterion: short English words that prose sets in capitals ("AS IS", "BUY or SELL", "YOU"); longer ones are found by the word list. */
export const capitalisedEnglishWords: ReadonlySet<string> = new Set([
  'A', 'AN', 'AS', 'AT', 'BE', 'BY', 'DO', 'GO', 'HE', 'IF', 'IN', 'IS', 'ME', 'MY', 'OF', 'ON', 'SO', 'TO', 'UP', 'WE',
  'ADD', 'ALL', 'ANY', 'ARE', 'BUT', 'BUY', 'CAN', 'DID', 'END', 'FOR', 'GOT', 'HAS', 'HOW', 'ITS', 'LOW', 'MAX', 'MIN',
  'NEW', 'NOR', 'NOW', 'OFF', 'OLD', 'ONE', 'OUT', 'OWN', 'PRO', 'RED', 'RUN', 'SEE', 'SET', 'THE', 'TOP', 'TWO', 'USE',
  'WAS', 'WHO', 'WHY', 'YES', 'YET', 'YOU', 'HAH', 'WOW', 'AIR', 'BIG', 'HOT', 'KEY', 'MIX', 'SUM', 'TAX', 'WIN',
]);
