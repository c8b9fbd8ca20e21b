import { Select } from '../../ui/index.js';

/** Which of their communities an organiser page acts in; nothing when they run only one. */
export function CommunitySelect(props: {
  label: string;
  communities: readonly { id: string; name: string }[];
  value: string;
  onValue: (id: string) => void;
}) {
  if (props.communities.length < 2) return null;
  const options = props.communities.map((c) => ({ value: c.id, label: c.name }));
  return (
    <Select
      label={props.label}
      name="communityId"
      value={props.value}
      onValue={props.onValue}
      groups={[{ label: '', options }]}
    />
  );
}
