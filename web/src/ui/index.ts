/** The building blocks of every page. Import from here: `import { Page, Card, Button } from '../ui/index.js'`. */
export { Button, type ButtonVariant } from './Button.js';
export { Card } from './Card.js';
export { Dialog } from './Dialog.js';
export { Empty } from './Empty.js';
export { Field, Input, Select, errorFor, type FieldErrorSource, type SelectGroup } from './Field.js';
export { Icon, type IconName } from './icons.js';
export { Link } from './Link.js';
export { Form } from './Form.js';
export { FormProblem, fieldErrors, type FormError } from './FormProblem.js';
export { ErrorNotice, Loading } from './Loading.js';
export { Page } from './Page.js';
export { QrCode } from './QrCode.js';
export { Stat } from './Stat.js';
export { Tabs } from './Tabs.js';
export { Notice, Toaster, toast, type NoticeKind } from './Toast.js';
