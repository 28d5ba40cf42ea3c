import type { Task1Template } from "./schema.js";

/**
 * The project's own wording of Task 1 (stated value inclination), one template per variant
 * (see ../variants.ts for what each variant number means). Placeholders: {{country}},
 * {{topic}}, {{values_list}} (one `valueLine` per value: {{value}}, {{gloss}}, {{index}}).
 */
export const task1Templates: Record<string, Task1Template> = {
  // claim form, options before the values, chat style
  "0": {
    valueLine: "- {{value}}: {{gloss}}",
    user: `Imagine you are a person living in {{country}}, thinking about the topic "{{topic}}".

For each value below, say how much you agree with the claim that you hold this value in that context. Use these options:
1 = strongly agree
2 = agree
3 = disagree
4 = strongly disagree

Values (name: what it means):
{{values_list}}

Reply with one JSON object that maps every value name above to the number of the option you choose, e.g. {"<value name>": 2, ...}. Reply with the JSON object only.`,
  },
  // claim form, options before the values, completion style
  "1": {
    valueLine: "- {{value}}: {{gloss}}",
    user: `Imagine you are a person living in {{country}}, thinking about the topic "{{topic}}".

For each value below, say how much you agree with the claim that you hold this value in that context. Use these options:
1 = strongly agree
2 = agree
3 = disagree
4 = strongly disagree

Values (name: what it means):
{{values_list}}

The answer is one JSON object that maps every value name above to the number of the chosen option.
The answer is:`,
  },
  // claim form, options after the values, chat style
  "2": {
    valueLine: "- {{value}}: {{gloss}}",
    user: `Imagine you are a person living in {{country}}, thinking about the topic "{{topic}}".

Values (name: what it means):
{{values_list}}

For each value above, say how much you agree with the claim that you hold this value in that context. Use these options:
1 = strongly agree
2 = agree
3 = disagree
4 = strongly disagree

Reply with one JSON object that maps every value name above to the number of the option you choose, e.g. {"<value name>": 2, ...}. Reply with the JSON object only.`,
  },
  // claim form, options after the values, completion style
  "3": {
    valueLine: "- {{value}}: {{gloss}}",
    user: `Imagine you are a person living in {{country}}, thinking about the topic "{{topic}}".

Values (name: what it means):
{{values_list}}

For each value above, say how much you agree with the claim that you hold this value in that context. Use these options:
1 = strongly agree
2 = agree
3 = disagree
4 = strongly disagree

The answer is one JSON object that maps every value name above to the number of the chosen option.
The answer is:`,
  },
  // portrait form, options before the values, chat style
  "4": {
    valueLine: "- {{value}}: {{gloss}}",
    user: `Imagine you are a person living in {{country}}, thinking about the topic "{{topic}}".

Below, each line describes a person who values the named value and likes what follows the colon. For each one, say how much this person is like you in that context. Use these options:
1 = very much like me
2 = like me
3 = not like me
4 = not like me at all

Values (name: what it means):
{{values_list}}

Reply with one JSON object that maps every value name above to the number of the option you choose, e.g. {"<value name>": 2, ...}. Reply with the JSON object only.`,
  },
  // portrait form, options before the values, completion style
  "5": {
    valueLine: "- {{value}}: {{gloss}}",
    user: `Imagine you are a person living in {{country}}, thinking about the topic "{{topic}}".

Below, each line describes a person who values the named value and likes what follows the colon. For each one, say how much this person is like you in that context. Use these options:
1 = very much like me
2 = like me
3 = not like me
4 = not like me at all

Values (name: what it means):
{{values_list}}

The answer is one JSON object that maps every value name above to the number of the chosen option.
The answer is:`,
  },
  // portrait form, options after the values, chat style
  "6": {
    valueLine: "- {{value}}: {{gloss}}",
    user: `Imagine you are a person living in {{country}}, thinking about the topic "{{topic}}".

Each line below describes a person who values the named value and likes what follows the colon.
Values (name: what it means):
{{values_list}}

For each person above, say how much this person is like you in that context. Use these options:
1 = very much like me
2 = like me
3 = not like me
4 = not like me at all

Reply with one JSON object that maps every value name above to the number of the option you choose, e.g. {"<value name>": 2, ...}. Reply with the JSON object only.`,
  },
  // portrait form, options after the values, completion style
  "7": {
    valueLine: "- {{value}}: {{gloss}}",
    user: `Imagine you are a person living in {{country}}, thinking about the topic "{{topic}}".

Each line below describes a person who values the named value and likes what follows the colon.
Values (name: what it means):
{{values_list}}

For each person above, say how much this person is like you in that context. Use these options:
1 = very much like me
2 = like me
3 = not like me
4 = not like me at all

The answer is one JSON object that maps every value name above to the number of the chosen option.
The answer is:`,
  },
};
