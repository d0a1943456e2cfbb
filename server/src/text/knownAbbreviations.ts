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
  'CUDA', 'JIT', 'AOT', 'UNIX', 'ARM', 'NVME', 'SATA', 'RAID', 'SIMD', 'QEMU', 'KVM', 'ROM', 'FIFO', 'LIFO', 'IPC', 'GC',
  'GPG', 'PGP', 'HMAC', 'UUID', 'GUID', 'OAUTH', 'SAML', 'SSO', 'LDAP', 'RBAC', 'MFA', 'OTP', 'TOTP', 'SMS', 'DDOS', 'BYOK',
  'LTS', 'VCS', 'WS', 'WSS', 'MQTT', 'CNAME', 'LAN', 'WAN', 'VPS', 'VPC', 'IAM', 'ECS', 'EKS', 'GKE', 'AKS', 'ELB', 'RDS',
  'HPC', 'TPS', 'RTT', 'DHT', 'AST', 'ETL', 'DB', 'IOT', 'OCR', 'PID', 'GPT', 'MCP', 'CMD', 'CTRL', 'ALT', 'WSL', 'UINT',
  'XLS', 'XLSX', 'ONNX', 'PYPI', 'MATLAB', 'IFTTT', 'YQL', 'DOI', 'ISBN', 'SPDX', 'IETF', 'IEC', 'NIST', 'ECMA', 'WIPO',
  'LT', 'GT', 'LTE', 'GTE',
  'ECDSA', 'EDDSA', 'FAANG', 'FTE', 'COM', 'XP', 'PIP', 'UMD', 'LTO', 'TUI', 'MVP', 'DST', 'SPSC', 'MPSC',
  'JSBI', 'APIKEY', 'ASC', 'DESC', 'UUPS', 'SLOAD', 'SSTORE', 'MLOAD', 'MSTORE', 'TG', 'EX', 'OWS',
  // Machine learning and statistics, as quant research writes them
  'NN', 'CNN', 'RNN', 'LSTM', 'GRU', 'TCN', 'GNN', 'GAT', 'MLP', 'PCA', 'SVD', 'MSE', 'MAE', 'RMSE', 'MAPE', 'AUC', 'ROC',
  'RL', 'PPO', 'DQN', 'GBDT', 'LGBM', 'XGB', 'SOTA', 'DDPM', 'GLM', 'OLS', 'KDD', 'ICML', 'AAAI', 'IJCAI', 'ICDM', 'ICLR',
  'SIGIR', 'SSRN',
  // HTTP methods
  'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD',
  // Licences and organisations that publish them
  'MIT', 'BSD', 'GPL', 'LGPL', 'AGPL', 'GNU', 'MPL', 'CC', 'WTFPL', 'OSI',
  // Documents and files
  'TODO', 'FIXME', 'NOTE', 'README', 'FAQ', 'PS', 'NB',
  // Units and time
  'UTC', 'GMT', 'EST', 'PST', 'CET', 'KB', 'MB', 'GB', 'TB', 'PB', 'KM', 'KG', 'BPS',
  // Places, institutions, companies, legal forms, roles
  'USA', 'US', 'UK', 'EU', 'UN', 'UAE', 'NYC', 'CN', 'HK', 'JP', 'SG', 'AU', 'NZ', 'KR', 'TW', 'DE', 'FR', 'CH', 'NL', 'BR',
  'MX', 'ZA', 'RU', 'NY', 'NJ', 'CA', 'TX', 'APAC', 'EMEA', 'LATAM', 'NASA', 'NOAA', 'VAT', 'HQ', 'HR', 'MBA', 'IQ', 'CEO', 'CFO', 'CTO', 'COO', 'NYSE', 'NASDAQ', 'SEC', 'FED', 'IMF', 'ECB',
  'LLC', 'LLP', 'INC', 'LTD', 'PLC', 'AG', 'SA', 'SE', 'NV', 'BV',
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

/**
 * Currency codes: ISO 4217, with the offshore yuan CNH and the precious metals and SDR it lists.
 */
const currencyCodes: ReadonlySet<string> = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP ' +
    'CNY CNH COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF ' +
    'IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK ' +
    'MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR ' +
    'SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES ' +
    'VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL XAU XAG XPT XPD XDR'
  ).split(' '),
);

/** Coins that quote pairs ("ETHBTC", "BTCUSD"): alone they are tickers, which a glossary defines. */
const quoteCoins: ReadonlySet<string> = new Set(['BTC', 'ETH', 'USDT', 'USDC']);

/** Whether `key` is a currency code or a pair of two ("EURUSD", "AUDJPY", "ETHBTC", "BTCUSDT"). */
export function isCurrencyCode(key: string): boolean {
  if (currencyCodes.has(key)) return true;
  const half = (code: string) => currencyCodes.has(code) || quoteCoins.has(code);
  for (const cut of [3, 4]) if (key.length > cut && half(key.slice(0, cut)) && half(key.slice(cut))) return true;
  return false;
}
