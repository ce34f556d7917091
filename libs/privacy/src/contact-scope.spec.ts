import { storedAttachmentIds } from './contact-scope';

describe('storedAttachmentIds', () => {
  it("finds the files Murmur stored, not the platforms' links", () => {
    const id = '5E0C4C8A-1B2C-4D3E-8F90-A1B2C3D4E5F6';
    expect(
      storedAttachmentIds([
        { url: `/api/v1/attachments/${id}` },
        { url: 'https://cdn.example/a.png' },
        { url: '/api/v1/attachments/not-a-uuid' },
        { url: `/api/v1/attachments/${id}/../x` },
        {},
        null,
      ]),
    ).toEqual([id.toLowerCase()]);
  });

  it('reads nothing from a value that is not a list', () => {
    expect(storedAttachmentIds(null)).toEqual([]);
    expect(storedAttachmentIds({ url: '/api/v1/attachments/x' })).toEqual([]);
  });
});
