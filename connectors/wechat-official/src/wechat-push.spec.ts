import { parseWechatPush } from './wechat-push';

const base = { ToUserName: 'gh', FromUserName: 'o-1', CreateTime: '1700000000' };

describe('Official Account pushes', () => {
  it('asks for image and voice media to be downloaded, keeping the PicUrl as the reference', () => {
    const image = parseWechatPush(
      { ...base, MsgType: 'image', PicUrl: 'http://p/x.jpg', MediaId: 'M1', MsgId: '1' },
      'wx',
    );
    expect(image.messages[0]!.attachments).toEqual([{ url: 'http://p/x.jpg', type: 'image', mediaRef: 'M1' }]);
    const voice = parseWechatPush({ ...base, MsgType: 'voice', MediaId: 'M2', Format: 'AMR', MsgId: '2' }, 'wx');
    expect(voice.messages[0]!.attachments).toEqual([
      { url: 'wechat-media:M2', type: 'audio', name: 'voice.amr', mediaRef: 'M2' },
    ]);
    const video = parseWechatPush({ ...base, MsgType: 'video', MediaId: 'M3', MsgId: '3' }, 'wx');
    expect(video.messages[0]!.attachments).toEqual([{ url: 'wechat-media:M3', type: 'video' }]);
  });

  it('carries the unionid on the sender and on events', () => {
    const text = parseWechatPush({ ...base, MsgType: 'text', Content: 'hi', MsgId: '4', UnionId: 'u-1' }, 'wx');
    expect(text.messages[0]!.sender).toEqual({ platformUserId: 'o-1', unionId: 'u-1' });
    const sub = parseWechatPush({ ...base, MsgType: 'event', Event: 'subscribe', UnionId: 'u-1' }, 'wx');
    expect(sub.events[0]).toMatchObject({ platformUserId: 'o-1', unionId: 'u-1', data: { unionid: 'u-1' } });
    const plain = parseWechatPush({ ...base, MsgType: 'text', Content: 'hi', MsgId: '5' }, 'wx');
    expect(plain.messages[0]!.sender).toEqual({ platformUserId: 'o-1' });
  });
});
