/**
 * Hand-written cue lists. They do not score anything by themselves: each match becomes a feature whose
 * weight is learned. They exist so that the model can generalise from cues that are frequent in the
 * training data (Weibo emoticons, airline complaints) to rarer ones that mean the same thing
 * (WeChat emoticons such as [裂开] or [强], other brands' complaints).
 */

/** Chinese negators; the characters after one, up to a clause break, get negated features. */
export const ZH_NEGATORS: readonly string[] = [
  '没有',
  '毫无',
  '并非',
  '绝非',
  '不',
  '没',
  '别',
  '未',
  '无',
  '非',
  '莫',
  '勿',
  '甭',
];

/** Chinese degree adverbs; the word that follows is marked as intensified. */
export const ZH_DEGREE_WORDS: readonly string[] = [
  '非常',
  '特别',
  '十分',
  '极其',
  '超级',
  '相当',
  '格外',
  '过于',
  '实在',
  '简直',
  '太',
  '很',
  '超',
  '极',
  '挺',
  '巨',
  '最',
  '蛮',
  '真',
];

/** Characters that end a negation or degree scope in Chinese text. */
export const ZH_SCOPE_BREAKS = '，。！？；：、,.!?;:~～…\n ';

/** How many characters after a Chinese negator are marked as negated. */
export const ZH_NEGATION_SPAN = 4;

/** Complaints about service that often carry no sentiment word at all. */
export const ZH_COMPLAINT_PATTERNS: readonly RegExp[] = [
  /还(没有?|未)(发货|到|送到|收到|回复|退款|处理|解决|联系|给)/,
  /等了?(快|将近|足足|整整|好)?[0-9一二两三四五六七八九十半几]+(个)?(多)?(天|小时|分钟|钟头|周|星期|月)/,
  /(一直|始终|至今|到现在|迟迟)(都|还)?(没|不|未)/,
  /(催了|打了)[0-9一二两三四五六七八九十几好多]+(次|遍|个电话)/,
  /(退款|退货|换货|赔偿).{0,4}(没|不|未)/,
  /(客服|商家|卖家|店家).{0,6}(不理|不回|没人|不管|推脱|敷衍|踢皮球)/,
  /(投诉|差评|骗子|坑人|上当|维权)/,
  /(超时|送错|少送|漏送|送晚|延误|晚点|发错|漏发|少发|破损|漏水|掉色|起球)/,
];

/** English negators; tokens after one, up to punctuation, are marked as negated. */
export const EN_NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'nor',
  'neither',
  'nowhere',
  'cannot',
  'without',
  'hardly',
  'barely',
  'cant',
  'dont',
  'wont',
  'didnt',
  'doesnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'havent',
  'hasnt',
  'hadnt',
  'couldnt',
  'shouldnt',
  'wouldnt',
  'aint',
]);

/** English intensifiers; the next token is marked as intensified. */
export const EN_DEGREE_WORDS: ReadonlySet<string> = new Set([
  'very',
  'so',
  'extremely',
  'really',
  'super',
  'totally',
  'absolutely',
  'incredibly',
  'too',
  'truly',
  'highly',
  'completely',
  'utterly',
  'seriously',
  'sooo',
  'soo',
  'most',
  'such',
]);

/** Clause connectives after which the rest of an English sentence usually carries the sentiment. */
export const EN_CONTRAST_WORDS: ReadonlySet<string> = new Set(['but', 'however', 'although', 'though', 'yet']);

export const EN_COMPLAINT_PATTERNS: readonly RegExp[] = [
  /\bon hold\b/,
  /\b(hold|wait(ed|ing)?|delay(ed)?|late|stuck|sat|sitting|tarmac)\b[^.!?]{0,24}?\b\d+\+?\s*(hours?|hrs?|minutes?|mins?|days?)\b/,
  /\bstill (no|not|waiting|haven'?t|hasn'?t|don'?t|didn'?t|nothing|stuck|on)\b/,
  /\bno (refund|response|reply|answer|help|one|update|call ?back|email|info|information|show)\b/,
  /\b(cancell?ed|delayed|diverted|overbooked|oversold|stranded|rebook(ed|ing)?|missed (my )?connection)\b/,
  /\b(lost|damaged|broken|missing) (my |our )?(bag|bags|luggage|suitcase|stroller|item|package|order)\b/,
  /\b(never|didn'?t|did not|has not|hasn'?t|haven'?t) (arrive|arrived|receive|received|got|get|came|come|shipped|showed)\b/,
  /\bwhere is (my|our)\b/,
  /\b(refund|compensation|complaint|voucher)\b/,
  /\b(hours?|days?|weeks?) (late|later|delay|and counting)\b/,
];

/** A few emoticon names used on WeChat and Weibo, by polarity; unknown names are still tokens. */
export const BRACKET_EMOTICON_POLARITY: ReadonlyMap<string, 1 | -1> = new Map<string, 1 | -1>([
  ...[
    '哈哈',
    '嘻嘻',
    '爱你',
    '心',
    '赞',
    'good',
    '鼓掌',
    '太开心',
    '给你小心心',
    '好喜欢',
    '可爱',
    '耶',
    '强',
    'ok',
    '胜利',
    '玫瑰',
    '鲜花',
    '愉快',
    '偷笑',
    '呲牙',
    '憨笑',
    '庆祝',
    '礼物',
    '抱拳',
    '加油',
    '握手',
    '拥抱',
    '抱抱',
    '色',
    '亲亲',
    '飞吻',
    '害羞',
    '羞嗒嗒',
    '得意',
    '机智',
    '笑脸',
    '开心',
    '爱心',
    '点赞',
    '好棒',
    '棒',
    '中国赞',
    '拳头',
    '作揖',
    '庆祝',
    '烟花',
    '红包',
    '发',
    '福',
  ].map((name): [string, 1] => [name, 1]),
  ...[
    '怒',
    '怒骂',
    '泪',
    '大哭',
    '流泪',
    '伤心',
    '悲伤',
    '失望',
    '衰',
    '抓狂',
    '生病',
    '吐',
    '晕',
    '可怜',
    '委屈',
    '哼',
    '鄙视',
    '白眼',
    '汗',
    '黑线',
    '费解',
    '弱',
    '发怒',
    '撇嘴',
    '难过',
    '快哭了',
    '裂开',
    '皱眉',
    '叹气',
    '心碎',
    '伤心',
    '惊恐',
    '跪了',
    '允悲',
    '感冒',
    '摊手',
    '吐血',
    '抠鼻',
    '打脸',
    '眼泪',
    '怒吼',
    '咒骂',
    '囧',
    '无语',
    '尴尬',
    '崩溃',
  ].map((name): [string, -1] => [name, -1]),
]);

/** Emoji with a clear polarity; others are still tokens of their own. */
export const POSITIVE_EMOJI = new Set([
  ...'😀😃😄😁😆😊😍🥰😘😗😙😚☺🙂🤗👍👏🙌💪🎉🎊💕💖💗💓💞💝❤♥💯✨🌹🌸🥳😻👌🤩😎😋',
]);
export const NEGATIVE_EMOJI = new Set([...'😡😠🤬😢😭😞😔😟😩😫👎💔🙄😤😒😣😖😓😥😰😱😨🤮🤢😷😪😑😐😕🙁☹😿']);

/** ASCII emoticons, matched before tokenisation (URLs are removed first so that "http://" is not ":/"). */
export const POSITIVE_EMOTICON = /(?<![0-9a-z])(?:[:;=][-o^']?[)\]dpb3*]|\(\s?[:;=]|\^[_.-]?\^|<3)(?![0-9a-z])/gi;
export const NEGATIVE_EMOTICON =
  /(?<![0-9a-z])(?:[:;=][-o']?[([\\/|]|:'\(|\)\s?[:;=]|>:\(|-_-|t_t|;_;|<\/3)(?![0-9a-z])/gi;
