// Every admin string in Korean, by area, with exactly the keys of en.ts.
import { admin } from "./ko/admin";
import { blocks } from "./ko/blocks";
import { editor } from "./ko/editor";
import { shell } from "./ko/shell";
import type { MessageKey } from "./en";

export const ko: Record<MessageKey, string> = { ...shell, ...editor, ...admin, ...blocks };
